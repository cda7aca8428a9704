import { describeCharacter, firstControlCharacter, isValidPercentEncoding } from "~/utils/text-input";

/*
 * What the server checks of every request before any route sees it (scripts/server.ts): the address and the
 * cookies. Forms are normalised by readFormData (app/utils/forms.ts), query parameters read by readQuery.
 */

/** Splits "a=1&b=2" the way a form-encoded query is read, without decoding. */
function queryParts(query: string): string[] {
  return query.split("&").flatMap((part) => part.split("=", 2).map((piece) => piece.replace(/\+/g, " ")));
}

/**
 * Why the request target (path and query, as sent) cannot be served, or null. Invalid percent-encoding ("%ZZ")
 * and control characters (encoded or not) have no place in an address Folio makes, so a request holding them is
 * a 400 page instead of reaching code that would fail on them. Tab and line breaks are let through, as text: a
 * page reads its parameters with readQuery, which ignores them with a notice, and a redirect target that holds
 * them is not followed; refusing the page would refuse the person too (a login link with "%09" in its redirectTo
 * still logs them in, to the app).
 */
export function requestTargetProblem(target: string): string | null {
  const queryStart = target.indexOf("?");
  const path = queryStart === -1 ? target : target.slice(0, queryStart);
  const query = queryStart === -1 ? "" : target.slice(queryStart + 1);
  for (const [where, pieces] of [
    ["path", [path]],
    ["query", queryParts(query)],
  ] as const) {
    for (const piece of pieces) {
      if (!isValidPercentEncoding(piece)) return `The address is not valid: its ${where} has a broken percent-encoding (a % not followed by two hex digits of UTF-8 text).`;
      const character = firstControlCharacter(piece.includes("%") ? decodeURIComponent(piece) : piece, { multiline: true });
      if (character) return `The address is not valid: its ${where} holds a control character (${describeCharacter(character)}).`;
    }
  }
  return null;
}

const COOKIE_NAME = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

/**
 * The Cookie header without the cookies no code should have to read: a value with broken percent-encoding or
 * a control character (once decoded), or a name that is not a token. Such a cookie is treated as absent, like a
 * session cookie that expired. Undefined when nothing is left.
 */
export function acceptableCookieHeader(header: string | undefined): string | undefined {
  if (!header) return undefined;
  const kept = header
    .split(";")
    .map((pair) => pair.trim())
    .filter((pair) => {
      const equals = pair.indexOf("=");
      if (equals <= 0) return false;
      const name = pair.slice(0, equals).trim();
      let value = pair.slice(equals + 1).trim();
      if (value.length >= 2 && value.startsWith('"') && value.endsWith('"')) value = value.slice(1, -1);
      if (!COOKIE_NAME.test(name) || !isValidPercentEncoding(value)) return false;
      return firstControlCharacter(value.includes("%") ? decodeURIComponent(value) : value) === null;
    });
  return kept.length > 0 ? kept.join("; ") : undefined;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);
}

/** The page of a request refused before routing: plain, self-contained, with the reason and a way back. */
export function badRequestPage(message: string): string {
  return `<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Bad request · Folio</title></head>
<body style="font-family: system-ui, sans-serif; max-width: 36rem; margin: 4rem auto; padding: 0 1rem; color: #1e293b">
<main id="main">
<p style="color: #64748b; font-size: 0.875rem">Error 400</p>
<h1 id="error-title">That request could not be understood</h1>
<p role="alert">${escapeHtml(message)}</p>
<p><a href="/">Go to the start page</a></p>
</main>
</body>
</html>`;
}
