import { env } from "~/modules/platform/env.server";
import { AppError } from "~/modules/platform/errors";
import { clientIp } from "~/utils/request.server";

const LOOPBACK = /^(127\.\d{1,3}\.\d{1,3}\.\d{1,3}|::1|::ffff:127\.\d{1,3}\.\d{1,3}\.\d{1,3})$/;

/**
 * The local mailbox holds every tenant's reset and invitation links, so it is never served in production, and
 * in development (the default) only to this machine: a request from the loopback address, as the server saw it
 * (behind a trusted proxy, the forwarded client). End-to-end tests (APP_ENV=test) read it from anywhere.
 */
export function requireMailboxEnabled(request: Request) {
  const { APP_ENV } = env();
  if (APP_ENV === "production") throw new AppError("not_found", "This page does not exist.");
  if (APP_ENV === "test") return;
  if (!LOOPBACK.test(clientIp(request) ?? "")) throw new AppError("not_found", "This page does not exist.");
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
