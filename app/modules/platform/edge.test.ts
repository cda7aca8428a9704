import { loader as rootLoader } from "~/root";
import { createOrganisationWithOwner, FACTORY_PASSWORD } from "~/test/factories";
import { login } from "~/workflows/log-in.server";
import { acceptableCookieHeader, badRequestPage, requestTargetProblem } from "./edge.server";

describe("requestTargetProblem", () => {
  it.each([
    "/",
    "/app/demo/sales/customers?q=Acme%20Ltd&status=all",
    "/p/demo/offer?utm_source=news+letter&utm_medium=%E2%9C%89",
    "/app/caf%C3%A9",
    "/login?redirectTo=%2Fapp%2Fdemo",
    "/search?q=100%25",
    // Tab and line breaks are text for the page's schema and the redirect check to judge.
    "/login?redirectTo=%2F%09%2Fevil.test",
    "/notices/acknowledge?returnTo=%2F%0D%0A%2Fevil.test",
  ])(
    "lets %s through",
    (target) => {
      expect(requestTargetProblem(target)).toBeNull();
    },
  );

  it.each([
    ["/%ZZ", /path has a broken percent-encoding/],
    ["/app/%E3%80", /path has a broken percent-encoding/],
    ["/login?x=%ZZ", /query has a broken percent-encoding/],
    ["/login?%ZZ=1", /query has a broken percent-encoding/],
    ["/app/demo/sales/customers?q=a%00b", /query holds a control character \(U\+0000 \(NUL\)\)/],
    ["/p/demo/offer?utm_source=a%00b", /query holds a control character/],
    ["/dev/mailbox?to=a%00b", /query holds a control character/],
    ["/o/%00/privacy", /path holds a control character/],
    ["/notices/acknowledge?returnTo=%2F%00%2Fevil.test", /query holds a control character \(U\+0000 \(NUL\)\)/],
    ["/app/%07", /path holds a control character \(U\+0007\)/],
    ["/x?y=%1B", /U\+001B/],
    ["/x?y=%C2%85", /U\+0085/],
  ])("refuses %s", (target, message) => {
    expect(requestTargetProblem(target)).toMatch(message);
  });
});

describe("acceptableCookieHeader", () => {
  it("keeps well-formed cookies as they are", () => {
    expect(acceptableCookieHeader("folio_session=abc123; folio_flash=eyJ%3D.sig; folio_consent=\"quoted\"")).toBe(
      "folio_session=abc123; folio_flash=eyJ%3D.sig; folio_consent=\"quoted\"",
    );
  });

  it("drops a cookie that cannot be decoded or holds a control character, and keeps the others", () => {
    expect(acceptableCookieHeader("folio_session=%ZZ; folio_flash=ok")).toBe("folio_flash=ok");
    expect(acceptableCookieHeader("folio_session=%00")).toBeUndefined();
    expect(acceptableCookieHeader("a=%E3%80; b=%0A; c=%7F; d=fine")).toBe("d=fine");
    expect(acceptableCookieHeader("novalue; =nameless; bad name=1; ok=1")).toBe("ok=1");
    expect(acceptableCookieHeader(undefined)).toBeUndefined();
  });
});

describe("badRequestPage", () => {
  it("escapes the message", () => {
    expect(badRequestPage("<script>")).toContain("&#60;script&#62;");
  });
});

describe("hostile cookies reach the root loader of every page as no cookie", () => {
  const pageRequest = (cookie: string) => new Request("http://localhost:3000/login", { headers: { cookie } });
  const call = (cookie: string) => rootLoader({ request: pageRequest(cookie), params: {}, context: { cspNonce: "" } });

  it.each(["folio_session=%00", "folio_session=%ZZ", "folio_flash=%ZZ", "folio_consent=%ZZ", "folio_session=a%00b; folio_flash=%00", "folio_session=\"%ZZ\"", "folio_session="])(
    "%s: 200, anonymous",
    async (cookie) => {
      const response = await call(cookie);
      expect(response.status).toBe(200);
      expect(((await response.json()) as { user: unknown }).user).toBeNull();
    },
  );

  it("a valid session beside a broken cookie is still read", async () => {
    const { user } = await createOrganisationWithOwner();
    const result = await login({ email: user.email, password: FACTORY_PASSWORD, ip: "192.0.2.44", userAgent: null });
    if (!result.ok) throw new Error("login failed");
    const session = result.sessionCookie.split(";")[0];
    // Lucia decodes every cookie of the header, so one broken neighbour made it fail; the session stays valid.
    const response = await call(`folio_flash=%ZZ; ${session}; folio_consent=%00`);
    expect(((await response.json()) as { user: { id: string } | null }).user?.id).toBe(user.id);
  });
});
