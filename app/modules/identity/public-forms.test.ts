import { randomBytes } from "node:crypto";
import { performance } from "node:perf_hooks";
import { count, eq, inArray } from "drizzle-orm";
import { db } from "~/db.server";
import { tenants } from "~/modules/tenancy/schema";
import * as forgotPasswordRoute from "~/routes/_auth+/forgot-password";
import * as loginRoute from "~/routes/_auth+/login";
import * as landingPageRoute from "~/routes/_crm+/p.$org.$pageSlug";
import * as signupRoute from "~/routes/_auth+/signup";
import { createOrganisationWithOwner, emailsTo, uniqueEmail } from "~/test/factories";
import { formPost, respond } from "~/test/requests";
import { keepRetryAfter } from "~/utils/form-responses.server";
import { users } from "./schema";

/** A fresh client address per test, so one test's throttling never touches another's. */
const randomIp = () => `203.0.${randomBytes(1)[0]}.${randomBytes(1)[0]}`;

function signUpForm(email: string, organisationName = "Newcomer Trading") {
  return {
    name: "Nora Newcomer",
    email,
    password: "a sturdy pass phrase 93",
    organisationName,
    currency: "GBP",
    timeZone: "Europe/London",
    locale: "en-GB",
    adult: "on",
    privacyNoticeVersion: "",
  };
}

const signUp = (fields: Record<string, string>, ip: string) => respond(signupRoute.action, formPost("/signup", fields, { ip }));
const forgotPassword = (email: string, ip: string) => respond(forgotPasswordRoute.action, formPost("/forgot-password", { email }, { ip }));

async function usersWith(email: string) {
  const [row] = await db().select({ n: count() }).from(users).where(eq(users.email, email.toLowerCase()));
  return row.n;
}

describe("sign-up answers alike for a new address and one with an account", () => {
  it("shows the same page with the same status, sets no session either way, and mails the existing owner instead", async () => {
    const { user } = await createOrganisationWithOwner();
    const newcomer = uniqueEmail("newcomer");
    const ip = randomIp();

    const fresh = await signUp(signUpForm(newcomer), ip);
    const taken = await signUp(signUpForm(user.email.toUpperCase(), "Copycat Trading"), ip);

    expect([fresh.status, taken.status]).toEqual([200, 200]);
    expect([fresh.headers.get("set-cookie"), taken.headers.get("set-cookie")]).toEqual([null, null]);
    expect(await fresh.json()).toEqual({ sent: true, email: newcomer });
    expect(await taken.json()).toEqual({ sent: true, email: user.email.toUpperCase() });

    expect(await usersWith(newcomer)).toBe(1);
    expect(await usersWith(user.email)).toBe(1);
    expect(await db().select().from(tenants).where(eq(tenants.name, "Copycat Trading"))).toEqual([]);
    const [notice] = await emailsTo(user.email, "signup-attempted");
    expect(notice.subject).toBe("Someone tried to sign up to Folio with your email address");
    expect(notice.text).toContain("No new account was made.");
    expect(notice.text).toContain("http://localhost:3000/login");
    expect(notice.text).toContain("http://localhost:3000/forgot-password");
    expect(notice.html).not.toContain("\0");
    expect(await emailsTo(newcomer, "verify-email")).toHaveLength(1);
    expect(await emailsTo(newcomer, "signup-attempted")).toEqual([]);
  });

  it("still refuses a weak password beside its field, whoever owns the address", async () => {
    const { user } = await createOrganisationWithOwner();
    for (const email of [user.email, uniqueEmail()]) {
      const response = await signUp({ ...signUpForm(email), password: "password123" }, randomIp());
      expect(response.status).toBe(400);
      expect(((await response.json()) as { errors: Record<string, string> }).errors.password).toBeTruthy();
    }
    expect(await emailsTo(user.email, "signup-attempted")).toEqual([]);
  });
});

describe("throttles", () => {
  it("lets 10 sign-ups from one address through in 10 minutes and refuses the 11th with Retry-After", async () => {
    const ip = randomIp();
    const emails = Array.from({ length: 11 }, () => uniqueEmail("burst"));
    for (const email of emails.slice(0, 10)) expect((await signUp(signUpForm(email), ip)).status).toBe(200);

    const refused = await signUp(signUpForm(emails[10]), ip);
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(3590);
    expect(Number(refused.headers.get("retry-after"))).toBeLessThanOrEqual(3600);
    const failure = (await refused.json()) as { formError: string; values: Record<string, string> };
    expect(failure.formError).toBe("Too many sign-ups from your network. Try again in 60 minutes.");
    expect(failure.values.email).toBe(emails[10]);
    expect(failure.values.password).toBeUndefined();
    expect(await usersWith(emails[10])).toBe(0);
    const [created] = await db().select({ n: count() }).from(users).where(inArray(users.email, emails));
    expect(created.n).toBe(10);

    // Another address is not held back.
    expect((await signUp(signUpForm(emails[10]), randomIp())).status).toBe(200);
  });

  it("answers 10 password reset requests from one address in an hour and refuses the 11th with Retry-After", async () => {
    const { user } = await createOrganisationWithOwner();
    const ip = randomIp();
    for (let i = 0; i < 10; i++) {
      const answered = await forgotPassword(user.email, ip);
      expect([i, answered.status]).toEqual([i, 200]);
    }
    const refused = await forgotPassword(user.email, ip);
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(3590);
    expect(((await refused.json()) as { formError: string }).formError).toBe("Too many requests from your network. Try again in 60 minutes.");
    expect(await emailsTo(user.email, "reset-password")).toHaveLength(10);
  });

  it("gives a page rendered after a throttled form its Retry-After (Remix keeps only cookies by itself)", () => {
    for (const route of [loginRoute, signupRoute, forgotPasswordRoute, landingPageRoute]) expect(route.headers).toBe(keepRetryAfter);
    const parentHeaders = new Headers({ "Set-Cookie": "folio_flash=; Path=/" });
    const throttled = new Headers(keepRetryAfter({ actionHeaders: new Headers({ "Retry-After": "900" }), loaderHeaders: new Headers(), parentHeaders, errorHeaders: undefined }));
    expect(throttled.get("retry-after")).toBe("900");
    expect(throttled.get("set-cookie")).toBe("folio_flash=; Path=/");
    expect(new Headers(keepRetryAfter({ actionHeaders: new Headers(), loaderHeaders: new Headers(), parentHeaders, errorHeaders: undefined })).get("retry-after")).toBeNull();
  });
});

describe("forgot-password takes as long for an unknown address as for a known one", () => {
  it("has medians of 20 requests within half of each other (they differed by 80% or more)", async () => {
    const { user } = await createOrganisationWithOwner({ name: "Kim Known" });
    const time = async (email: string) => {
      const started = performance.now();
      expect((await forgotPassword(email, randomIp())).status).toBe(200);
      return performance.now() - started;
    };
    for (let i = 0; i < 5; i++) {
      await time(user.email);
      await time(uniqueEmail("unknown"));
    }
    const known: number[] = [];
    const unknown: number[] = [];
    for (let i = 0; i < 20; i++) {
      known.push(await time(user.email));
      unknown.push(await time(uniqueEmail("unknown")));
    }
    const median = (samples: number[]) => [...samples].sort((a, b) => a - b)[samples.length / 2];
    const [k, u] = [median(known), median(unknown)];
    expect(Math.max(k, u) / Math.min(k, u), `known ${k.toFixed(1)} ms, unknown ${u.toFixed(1)} ms`).toBeLessThan(1.5);
  });
});
