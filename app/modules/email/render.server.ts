import { toPlainText } from "@react-email/render";
import type { ReactElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";

const DOCTYPE = '<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">';

/**
 * An email's HTML and plain text, rendered to a string in one pass.
 *
 * Not @react-email/render's render(): in Node it streams with React 18's renderToPipeableStream, whose
 * writeStringChunk (react-dom 18.3.1) encodes text into a 2,048-byte buffer and, when a multi-byte character
 * does not fit in what is left of it, sends the whole buffer, unwritten zero bytes included (React 19 sends only
 * the written part). Every template carries multi-byte characters (the preview's invisible padding, accents in
 * names), so whenever one fell on a buffer boundary, which the length of a name decides, the message held NUL
 * bytes and PostgreSQL refused to store it. renderToStaticMarkup builds a string and has no byte buffer; email
 * templates do not suspend, so nothing of streaming is lost.
 */
export function renderEmail(body: ReactElement): { html: string; text: string } {
  const markup = renderToStaticMarkup(body);
  return { html: `${DOCTYPE}${markup.replace(/^<!DOCTYPE[^>]*>/i, "")}`, text: toPlainText(markup) };
}
