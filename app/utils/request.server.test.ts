import { safeRedirectTarget } from "./request.server";

const FALLBACK = "/fallback";

describe("safeRedirectTarget", () => {
  it.each([
    ["/app", "/app"],
    ["/app/demo/sales/customers?q=a%20b&status=all", "/app/demo/sales/customers?q=a%20b&status=all"],
    ["/app/demo/ledger/entries#older", "/app/demo/ledger/entries#older"],
    ["/p/demo/spring-offer?utm_source=news%0Aletter", "/p/demo/spring-offer?utm_source=news%0Aletter"],
    // Non-ASCII is percent-encoded, so the Location header stays a valid header value.
    ["/app/café", "/app/caf%C3%A9"],
    ["/app/demo/../other", "/app/other"],
  ])("keeps the same-origin path %j", (target, expected) => {
    expect(safeRedirectTarget(target, FALLBACK)).toBe(expected);
  });

  it.each([
    // what the outside sweep sent (decoded by the form parser, so raw characters arrive)
    "/\t/evil.test",
    "/\n/evil.test",
    "/\r\n/evil.test",
    "/\u3000/evil.test",
    "/app\u3000",
    // and their relatives
    "/\u00a0/evil.test",
    "/\u2028/evil.test",
    "/\u000b/evil.test",
    "/\u0000/evil.test",
    "/\uFFFD/evil.test",
    "/\u001f/evil.test",
    "/\u007f/evil.test",
    "/\u0085/evil.test",
    "/ /evil.test",
    "//evil.test",
    "///evil.test",
    "/\\evil.test",
    "\\\\evil.test",
    "/app\\..\\..\\evil.test",
    "https://evil.test",
    "http://localhost:3000.evil.test/",
    "//localhost:3000@evil.test",
    "javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "evil.test",
    "",
    // encoded: a path whose decoded form reads as another host, or holds what the raw form may not
    "/%2F/evil.test",
    "/%2f%2fevil.test",
    "/%5Cevil.test",
    "/%09/evil.test",
    "/%0D%0A/evil.test",
    "/%00",
    "/%ZZ",
    "/%E3%80",
    `/${"a".repeat(2001)}`,
  ])("refuses %j", (target) => {
    expect(safeRedirectTarget(target, FALLBACK)).toBe(FALLBACK);
  });

  it("refuses what is not a string", () => {
    expect(safeRedirectTarget(null, FALLBACK)).toBe(FALLBACK);
    expect(safeRedirectTarget(undefined, FALLBACK)).toBe(FALLBACK);
    expect(safeRedirectTarget(new File(["/app"], "x.txt"), FALLBACK)).toBe(FALLBACK);
    expect(safeRedirectTarget(["/app"], FALLBACK)).toBe(FALLBACK);
  });

  it("never returns a target that a browser resolves to another origin", () => {
    const origin = "http://localhost:3000";
    const samples = ["/\t/x.test", "/.//x.test", "/./\\x.test", "/%2e%2e//x.test", "/a/..//x.test", "/a/%2e%2e/%2e%2e//x.test"];
    for (const sample of samples) {
      const target = safeRedirectTarget(sample, FALLBACK);
      expect(new URL(target, origin).origin, `${JSON.stringify(sample)} -> ${target}`).toBe(origin);
      expect(target.startsWith("//"), `${JSON.stringify(sample)} -> ${target}`).toBe(false);
    }
  });
});
