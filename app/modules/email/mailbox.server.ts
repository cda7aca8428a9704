import { env } from "~/modules/platform/env.server";
import { notFound } from "~/utils/responses.server";

/** The local mailbox exists only outside production. */
export function requireMailboxEnabled() {
  if (env().APP_ENV === "production") throw notFound();
}

/**
 * Links in a plain-text rendering, labelled by the button text before them. react-email writes a button as
 * "Label [https://...]" or "Label https://..." in the text version.
 */
export function linksInText(text: string): Array<{ label: string; href: string }> {
  const links: Array<{ label: string; href: string }> = [];
  const seen = new Set<string>();
  const pattern = /(?:^|\n)?([^\n[]*?)\s*\[?(https?:\/\/[^\s\]]+)\]?/g;
  for (const match of text.matchAll(pattern)) {
    const href = match[2];
    if (seen.has(href)) continue;
    seen.add(href);
    const label = match[1].trim().replace(/[:.]$/, "") || href;
    links.push({ label, href });
  }
  return links;
}
