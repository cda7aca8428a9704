import { Marked } from "marked";
import sanitizeHtml from "sanitize-html";

/**
 * Markdown written in the app (privacy notices, landing page text) rendered to HTML that is safe to put in a page
 * with dangerouslySetInnerHTML. `marked` turns Markdown (and any raw HTML in it) into HTML; `sanitize-html` then
 * keeps only a safe subset: headings, paragraphs, lists, emphasis, code, quotes, tables and links to http(s) or
 * mailto addresses. Scripts, styles, iframes, forms, images (a third-party image is a tracking pixel), event
 * handlers, inline styles and every other URL scheme (javascript:, data:, vbscript:) are removed.
 */

const marked = new Marked({ gfm: true, breaks: false, async: false });

const ALLOWED_TAGS = [
  "h2",
  "h3",
  "h4",
  "h5",
  "h6",
  "p",
  "br",
  "hr",
  "ul",
  "ol",
  "li",
  "strong",
  "em",
  "del",
  "a",
  "code",
  "pre",
  "blockquote",
  "table",
  "thead",
  "tbody",
  "tr",
  "th",
  "td",
];

const SANITIZE_OPTIONS: sanitizeHtml.IOptions = {
  allowedTags: ALLOWED_TAGS,
  allowedAttributes: { a: ["href", "title", "rel"], th: ["align"], td: ["align"], ol: ["start"] },
  allowedSchemes: ["http", "https", "mailto"],
  allowedSchemesByTag: {},
  allowedSchemesAppliedToAttributes: ["href"],
  allowProtocolRelative: false,
  // Text of removed tags stays (as text), except inside these, whose content is dropped with them.
  disallowedTagsMode: "discard",
  nonTextTags: ["script", "style", "textarea", "option", "noscript", "iframe", "object", "embed", "template", "title", "svg", "math"],
  transformTags: {
    // The page has its own h1 (the notice's or the landing page's title): Markdown headings start one level below.
    h1: "h2",
    a: (tagName, attribs) => {
      const { href, title } = attribs;
      const kept: Record<string, string> = { rel: "nofollow noopener" };
      if (href !== undefined) kept.href = href;
      if (title !== undefined) kept.title = title;
      return { tagName, attribs: kept };
    },
  },
  exclusiveFilter: (frame) => frame.tag === "a" && !frame.attribs.href && !frame.text.trim(),
};

/** Sanitised HTML of `markdown`. */
export function renderMarkdown(markdown: string): string {
  const html = marked.parse(markdown, { async: false }) as string;
  return sanitizeHtml(html, SANITIZE_OPTIONS);
}
