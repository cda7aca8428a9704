import { createCookie } from "@remix-run/node";
import { describe, expect, it } from "vitest";
import { sessionSecret } from "~/modules/platform/secrets.server";
import { CONSENT_COOKIE_MAX_AGE, readSignedConsentId, signedConsentIdCookie } from "./consent-cookie.server";

const CONSENT_ID = "0b9d6b8e-3a5b-4c1e-9d2f-1a2b3c4d5e6f";

/** The cookie as Remix wrote it before the consent cookie became plain header strings. */
function remixCookie(name: string) {
  return createCookie(name, { httpOnly: true, sameSite: "lax", secure: false, path: "/", maxAge: CONSENT_COOKIE_MAX_AGE, secrets: [sessionSecret()] });
}

describe("the consent cookie", () => {
  it("is written exactly as the cookies of Remix are, so the cookies visitors hold keep reading", async () => {
    const remix = await remixCookie("folio_consent").serialize(CONSENT_ID);
    expect(signedConsentIdCookie("folio_consent", CONSENT_ID)).toBe(remix);
    expect(readSignedConsentId(`other=1; ${remix.split(";")[0]}`, "folio_consent")).toBe(CONSENT_ID);
    expect(await remixCookie("folio_consent").parse(signedConsentIdCookie("folio_consent", CONSENT_ID).split(";")[0])).toBe(CONSENT_ID);
  });

  it("reads nothing from a missing, forged or malformed cookie", () => {
    const pair = signedConsentIdCookie("folio_consent", CONSENT_ID).split(";")[0];
    expect(readSignedConsentId(null, "folio_consent")).toBeNull();
    expect(readSignedConsentId(pair, "folio_consent_other")).toBeNull();
    expect(readSignedConsentId(`${pair.slice(0, -1)}x`, "folio_consent")).toBeNull();
    expect(readSignedConsentId("folio_consent=%E0%A4%A", "folio_consent")).toBeNull();
    expect(readSignedConsentId(`folio_consent=${Buffer.from('"not-a-uuid"').toString("base64")}`, "folio_consent")).toBeNull();
  });
});
