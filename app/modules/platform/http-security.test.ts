import { bodyLimitFor, isAcceptedBody, isSameOriginRequest, MAX_BODY_BYTES, MAX_IMPORT_BODY_BYTES, securityHeaders } from "./http-security.server";

const ours = ["http://localhost:3000"];

describe("same-origin check for requests that change state", () => {
  it("lets safe methods through from anywhere", () => {
    expect(isSameOriginRequest("GET", { origin: "https://evil.example" }, ours)).toBe(true);
    expect(isSameOriginRequest("HEAD", {}, ours)).toBe(true);
  });

  it("accepts our own origin, from Origin or else Referer", () => {
    expect(isSameOriginRequest("POST", { origin: "http://localhost:3000" }, ours)).toBe(true);
    expect(isSameOriginRequest("POST", { referer: "http://localhost:3000/login?x=1" }, ours)).toBe(true);
    expect(isSameOriginRequest("POST", { origin: "http://localhost:3000", secFetchSite: "same-origin" }, ours)).toBe(true);
  });

  it("refuses other origins, cross-site fetches, a null origin and requests that say nothing", () => {
    expect(isSameOriginRequest("POST", { origin: "https://evil.example" }, ours)).toBe(false);
    expect(isSameOriginRequest("DELETE", { origin: "http://localhost:3001" }, ours)).toBe(false);
    expect(isSameOriginRequest("POST", { origin: "http://localhost:3000", secFetchSite: "cross-site" }, ours)).toBe(false);
    expect(isSameOriginRequest("POST", { origin: "null" }, ours)).toBe(false);
    expect(isSameOriginRequest("POST", { referer: "not a url" }, ours)).toBe(false);
    expect(isSameOriginRequest("POST", {}, ours)).toBe(false);
  });
});

describe("security headers", () => {
  it("allow scripts only with the request's nonce and forbid framing", () => {
    const headers = securityHeaders("abc123", false);
    expect(headers["Content-Security-Policy"]).toContain("script-src 'self' 'nonce-abc123'");
    expect(headers["Content-Security-Policy"]).toContain("frame-ancestors 'none'");
    expect(headers["Content-Security-Policy"]).not.toContain("unsafe-eval");
    expect(headers["X-Content-Type-Options"]).toBe("nosniff");
    expect(headers["Referrer-Policy"]).toBe("strict-origin-when-cross-origin");
    expect(headers["Strict-Transport-Security"]).toBeUndefined();
  });

  it("add HSTS in production", () => {
    expect(securityHeaders("n", true)["Strict-Transport-Security"]).toMatch(/^max-age=\d+/);
  });
});

describe("accepted request bodies", () => {
  it("lets form submissions through and refuses other bodies sent to pages", () => {
    expect(isAcceptedBody("POST", "application/x-www-form-urlencoded;charset=UTF-8", "/login", [])).toBe(true);
    expect(isAcceptedBody("POST", "multipart/form-data; boundary=x", "/login", [])).toBe(true);
    expect(isAcceptedBody("POST", undefined, "/logout", [])).toBe(true);
    expect(isAcceptedBody("GET", "application/json", "/login", [])).toBe(true);
    expect(isAcceptedBody("POST", "application/json", "/login", [])).toBe(false);
    expect(isAcceptedBody("POST", "text/plain", "/signup", [])).toBe(false);
    expect(isAcceptedBody("POST", "application/json", "/dev/fixtures/organisation", ["/dev/fixtures/"])).toBe(true);
  });
});

describe("body size limits", () => {
  it("gives an import page's multipart upload 20 MiB", () => {
    expect(MAX_IMPORT_BODY_BYTES).toBe(20 * 1024 * 1024);
    expect(bodyLimitFor("POST", "/app/acme/inventory/import", "multipart/form-data; boundary=----x")).toBe(MAX_IMPORT_BODY_BYTES);
    expect(bodyLimitFor("post", "/app/acme/inventory/import/", "Multipart/Form-Data; boundary=x")).toBe(MAX_IMPORT_BODY_BYTES);
  });

  it("keeps 1 MiB for everything else: other types, other methods, other paths, look-alike paths", () => {
    expect(MAX_BODY_BYTES).toBe(1024 * 1024);
    expect(bodyLimitFor("POST", "/app/acme/inventory/import", "application/x-www-form-urlencoded")).toBe(MAX_BODY_BYTES);
    expect(bodyLimitFor("POST", "/app/acme/inventory/import", "text/csv")).toBe(MAX_BODY_BYTES);
    expect(bodyLimitFor("POST", "/app/acme/inventory/import", undefined)).toBe(MAX_BODY_BYTES);
    expect(bodyLimitFor("PUT", "/app/acme/inventory/import", "multipart/form-data; boundary=x")).toBe(MAX_BODY_BYTES);
    expect(bodyLimitFor("POST", "/app/acme/inventory/items/new", "multipart/form-data; boundary=x")).toBe(MAX_BODY_BYTES);
    expect(bodyLimitFor("POST", "/app/acme/settings/members", "multipart/form-data; boundary=x")).toBe(MAX_BODY_BYTES);
    expect(bodyLimitFor("POST", "/app/acme/inventory/import/extra", "multipart/form-data; boundary=x")).toBe(MAX_BODY_BYTES);
    expect(bodyLimitFor("POST", "/app/a/b/inventory/import", "multipart/form-data; boundary=x")).toBe(MAX_BODY_BYTES);
    expect(bodyLimitFor("POST", "/login", "multipart/form-data; boundary=x")).toBe(MAX_BODY_BYTES);
  });
});
