/**
 * What the outside sweep of issue 7 sent, replayed against the routes themselves (loaders and actions called as
 * Remix calls them, without the server's edge middleware in front): each answer is a redirect on this origin or
 * a 4xx with a message, never an exception (a 500).
 */
import { login } from "~/workflows/log-in.server";
import { resetEnvForTests } from "~/modules/platform/env.server";
import { action as consentAction } from "~/routes/_privacy+/consent";
import { loader as mailboxLoader } from "~/routes/dev+/mailbox._index";
import { action as loginAction } from "~/routes/_auth+/login";
import { loader as acknowledgeLoader } from "~/routes/_privacy+/notices.acknowledge";
import { loader as auditLoader } from "~/routes/app.$org.settings+/audit";
import { loader as customersLoader } from "~/routes/app.$org.sales+/customers._index";
import { action as newCustomerAction } from "~/routes/app.$org.sales+/customers.new";
import { loader as entriesLoader } from "~/routes/app.$org.ledger+/entries._index";
import { loader as leadsLoader } from "~/routes/app.$org.crm+/leads._index";
import { loader as sourcesLoader } from "~/routes/app.$org.crm+/reports.sources";
import { loader as suppliersLoader } from "~/routes/app.$org.purchasing+/suppliers._index";
import { createOrganisationWithOwner, FACTORY_PASSWORD } from "~/test/factories";
import { answer } from "~/test/requests";
import { CLIENT_IP_HEADER } from "~/utils/request.server";

const ORIGIN = "http://localhost:3000";
const context = { cspNonce: "" };
let ipCounter = 0;
const nextIp = () => `198.51.100.${(ipCounter++ % 250) + 1}`;

function formPost(path: string, fields: Record<string, string>, headers: Record<string, string> = {}) {
  return new Request(`${ORIGIN}${path}`, {
    method: "POST",
    body: new URLSearchParams(fields),
    headers: { "content-type": "application/x-www-form-urlencoded", [CLIENT_IP_HEADER]: nextIp(), ...headers },
  });
}

async function signedInOwner() {
  const owner = await createOrganisationWithOwner();
  const result = await login({ email: owner.user.email, password: FACTORY_PASSWORD, ip: nextIp() });
  if (!result.ok) throw new Error("login failed");
  return { ...owner, cookie: result.sessionCookie.split(";")[0] };
}

/** Redirect targets the sweep and its relatives tried; each must end on the fallback, on this origin. */
const HOSTILE_TARGETS = [
  "/\t/evil.test",
  "/\n/evil.test",
  "/\r\n/evil.test",
  "/\u3000/evil.test",
  "/\\evil.test",
  "//evil.test",
  "https://evil.test",
  "/%2F/evil.test",
  "javascript:alert(1)",
  "/\u0000/evil.test",
];

function expectSameOriginRedirect(response: Response, expected: string) {
  expect(response.status).toBe(302);
  const location = response.headers.get("location")!;
  expect(location).toBe(expected);
  expect(new URL(location, ORIGIN).origin).toBe(ORIGIN);
}

describe("redirect targets from requests", () => {
  let owner: Awaited<ReturnType<typeof signedInOwner>>;
  beforeAll(async () => {
    owner = await signedInOwner();
  });

  it.each(HOSTILE_TARGETS)("POST /login with redirectTo=%j logs in and goes to /app", async (target) => {
    const response = await answer(() =>
      loginAction({ request: formPost("/login", { email: owner.user.email, password: FACTORY_PASSWORD, redirectTo: target }), params: {}, context }),
    );
    expectSameOriginRedirect(response, "/app");
  });

  it("POST /login keeps a path of this app", async () => {
    const response = await answer(() =>
      loginAction({ request: formPost("/login", { email: owner.user.email, password: FACTORY_PASSWORD, redirectTo: `/app/${owner.organisation.slug}/sales?x=1` }), params: {}, context }),
    );
    expectSameOriginRedirect(response, `/app/${owner.organisation.slug}/sales?x=1`);
  });

  it.each(HOSTILE_TARGETS)("POST /consent with returnTo=%j records the choice and returns to the cookie settings, or refuses it with a message", async (target) => {
    const response = await answer(() => consentAction({ request: formPost("/consent", { choice: "reject", site: "folio", returnTo: target }), params: {}, context }));
    if (/[\u0000-\u001f]/.test(target)) {
      // The consent form refuses what it cannot read (as it does a return address of 3,000 characters), saying why.
      expect(response.status).toBe(400);
      expect(response.headers.get("location")).toBeNull();
      expect(((await response.json()) as { message: string }).message).toMatch(/^Your cookie choice was not saved\. .+/);
    } else {
      expectSameOriginRedirect(response, "/cookies");
    }
  });

  it.each(HOSTILE_TARGETS)("GET /notices/acknowledge?returnTo=%j goes to /app", async (target) => {
    const request = new Request(`${ORIGIN}/notices/acknowledge?${new URLSearchParams({ returnTo: target })}`, { headers: { cookie: owner.cookie } });
    const response = await answer(() => acknowledgeLoader({ request, params: {}, context }));
    expectSameOriginRedirect(response, "/app");
  });
});

describe("query parameters are read with a schema: a bad one is ignored with a notice, never a 500", () => {
  let owner: Awaited<ReturnType<typeof signedInOwner>>;
  beforeAll(async () => {
    owner = await signedInOwner();
  });

  const get = (path: string) => new Request(`${ORIGIN}/app/${owner.organisation.slug}${path}`, { headers: { cookie: owner.cookie } });
  const params = () => ({ org: owner.organisation.slug });

  it.each([
    ["from=0000-00-00", "from"],
    ["to=2026-13-45", "to"],
    ["before=1e30", "before"],
    ["before=99999999999999999999", "before"],
    ["from=0000-01-01", "from"],
    ["to=9999-12-31", "to"],
    ["actor=a%00b", "actor"],
    ["action=" + "a".repeat(101), "action"],
  ])("the audit trail with %s", async (query, parameter) => {
    const response = await answer(() => auditLoader({ request: get(`/settings/audit?${query}`), params: params(), context }));
    expect(response.status).toBe(200);
    const data = (await response.json()) as { ignored: Array<{ name: string; message: string }>; dateErrors?: Record<string, string>; events: unknown[] };
    expect(refusedParameters(data)).toEqual([parameter]);
    expect(data.events.length).toBeGreaterThan(0);
  });

  it.each([
    [customersLoader, "/sales/customers", "q=a%00b", "q"],
    [suppliersLoader, "/purchasing/suppliers", "q=a%00b&status=all", "q"],
    [customersLoader, "/sales/customers", "page=0", "page"],
    [entriesLoader, "/ledger/entries", "number=a%00b", "number"],
    [entriesLoader, "/ledger/entries", "from=2026-02-30&before=junk", "from"],
    [leadsLoader, "/crm/leads", "campaign=a%00b&source=x", "campaign"],
    [leadsLoader, "/crm/leads", "source=a%00b", "source"],
    [sourcesLoader, "/crm/reports/sources", "from=0000-00-00&to=2026-01-31", "from"],
  ] as const)("%#: %s?%s", async (loader, path, query, parameter) => {
    const response = await answer(() => loader({ request: get(`${path}?${query}`), params: params(), context }));
    expect(response.status).toBe(200);
    const data = (await response.json()) as { ignored: Array<{ name: string }>; dateErrors?: Record<string, string> };
    expect(refusedParameters(data)).toContain(parameter);
  });
});

/** The parameters a page set aside: ignored with a notice, or (a date it cannot read) named beside its field. */
function refusedParameters(data: { ignored: Array<{ name: string }>; dateErrors?: Record<string, string> }): string[] {
  return [...data.ignored.map((i) => i.name), ...Object.keys(data.dateErrors ?? {})];
}

describe("a stored text field with a control character", () => {
  it.each(["Acme\u0000Ltd", "Acme\u001bLtd", "Acme\tLtd", "Acme\nLtd"])("is refused beside the field, with a 400 and the values kept (%j)", async (name) => {
    const owner = await signedInOwner();
    const request = formPost(`/app/${owner.organisation.slug}/sales/customers/new`, { name, email: "", paymentTermsDays: "30", phone: "+49 30 1234" }, { cookie: owner.cookie });
    const response = await answer(() => newCustomerAction({ request, params: { org: owner.organisation.slug }, context }));
    expect(response.status).toBe(400);
    const data = (await response.json()) as { errors: Record<string, string>; values: Record<string, string> };
    expect(data.errors.name).toMatch(/control character|one line/);
    expect(data.values.phone).toBe("+49 30 1234");
  });
});

describe("the local mailbox", () => {
  const original = process.env.APP_ENV;
  afterEach(() => {
    process.env.APP_ENV = original;
    resetEnvForTests();
  });

  const open = (ip: string | null) => {
    const headers: Record<string, string> = ip === null ? {} : { [CLIENT_IP_HEADER]: ip };
    return answer(() => mailboxLoader({ request: new Request(`${ORIGIN}/dev/mailbox`, { headers }), params: {}, context }));
  };

  it.each([
    ["development", "127.0.0.1", 200],
    ["development", "::1", 200],
    ["development", "::ffff:127.0.0.1", 200],
    ["development", "192.0.2.10", 404],
    ["development", "::ffff:192.0.2.10", 404],
    ["development", "10.0.0.1", 404],
    ["development", null, 404],
    ["test", "192.0.2.10", 200],
    ["production", "127.0.0.1", 404],
  ] as const)("APP_ENV=%s, from %s: %i", async (appEnv, ip, status) => {
    process.env.APP_ENV = appEnv;
    if (appEnv === "production") {
      process.env.SESSION_SECRET ??= "x".repeat(40);
    }
    resetEnvForTests();
    // Production insists on an https APP_URL; the check of the mailbox comes before anything reads it.
    const previousUrl = process.env.APP_URL;
    if (appEnv === "production") process.env.APP_URL = "https://folio.example";
    try {
      expect((await open(ip)).status).toBe(status);
    } finally {
      process.env.APP_URL = previousUrl;
      if (previousUrl === undefined) delete process.env.APP_URL;
    }
  });

  it("ignores a bad ?to= with a notice", async () => {
    process.env.APP_ENV = "test";
    resetEnvForTests();
    const response = await answer(() => mailboxLoader({ request: new Request(`${ORIGIN}/dev/mailbox?to=a%00b`), params: {}, context }));
    expect(response.status).toBe(200);
    expect(((await response.json()) as { ignored: Array<{ name: string }> }).ignored.map((i) => i.name)).toEqual(["to"]);
  });
});
