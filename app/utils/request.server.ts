/** Set by the server from the socket (or a trusted proxy); any value a client sends is overwritten. */
export const CLIENT_IP_HEADER = "x-folio-client-ip";

export function clientIp(request: Request): string | null {
  return request.headers.get(CLIENT_IP_HEADER);
}

export function requestMeta(request: Request) {
  return { ip: clientIp(request), userAgent: request.headers.get("user-agent") };
}

/** A same-site path to go to after login, or the fallback: never an absolute URL another site chose. */
export function safeRedirectPath(to: FormDataEntryValue | string | null | undefined, fallback = "/app"): string {
  if (typeof to !== "string" || !to.startsWith("/") || to.startsWith("//") || to.startsWith("/\\")) return fallback;
  return to;
}
