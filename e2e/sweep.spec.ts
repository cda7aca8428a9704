/**
 * The regression gate for hostile input: every route of the build's route manifest (so a new route is swept
 * without touching this file) is visited as a fresh organisation's owner and anonymously, with its parameters
 * filled from the fixture's records; then again with hostile parameters, query strings and cookies; and every
 * form found on the pages is submitted with each field set to hostile values. It fails on any 5xx, on any
 * Location that leaves the origin, on another organisation's id that is not a 404, and on a refused submission
 * whose page says nothing about why.
 */
import path from "node:path";
import { pathToFileURL } from "node:url";
import type { APIRequestContext, APIResponse, Browser, BrowserContext } from "@playwright/test";
import { expect, test, type Organisation } from "./fixtures";

interface ManifestRoute {
  id: string;
  parentId?: string;
  path?: string;
  index?: boolean;
  module: Record<string, unknown>;
}

type Records = Record<string, string>;
type SampleOrganisation = Organisation & { records: Records };

/** Field values that broke Folio before, or might: each is sent in every field of every form. */
const HOSTILE_VALUES: Record<string, string> = {
  nul: "a\u0000b",
  controls: "a\u0007\u001b[31mb\u007f\u0085",
  "bad percent-encoding": "%ZZ%E3%80%",
  "ideographic space": "\u3000 x \u3000",
  "tab and line breaks": "a\tb\r\nc\nd",
  "10 KB": "y".repeat(10_000),
  "redirect target": "/\t/evil.test",
};

/** Query values: encoded here, except the raw ones that are invalid percent-encoding on purpose. */
const HOSTILE_QUERY_VALUES: Array<{ label: string; encoded: string }> = [
  ...["a\u0000b", "\u001b", "\u3000", "/\t/evil.test", "https://evil.test", "0000-00-00", "2026-13-45", "1e30", "99999999999999999999", "x".repeat(3000)].map(
    (value) => ({ label: JSON.stringify(value.slice(0, 20)), encoded: encodeURIComponent(value) }),
  ),
  { label: "raw %ZZ", encoded: "%ZZ" },
  { label: "raw %E3%80", encoded: "%E3%80" },
];

/** Parameter names pages read, beside the fields of the GET forms found on each page. */
const COMMON_QUERY_NAMES = ["q", "status", "page", "from", "to", "before", "number", "campaign", "source", "pageId", "format", "download", "returnTo", "redirectTo", "org", "version", "token", "utm_source", "utm_campaign", "verify", "actor", "action", "entityType", "asOf", "accountId", "partyId"];

const HOSTILE_COOKIES = ["folio_session=%00", "folio_session=%ZZ; folio_flash=%E3%80", "folio_flash=%ZZ; folio_consent=%00"];

/** A form's further submit buttons (another intent of the same fields) get these values only, to keep the sweep fast. */
const VALUES_FOR_OTHER_SUBMITTERS = ["nul", "tab and line breaks", "10 KB", "another organisation's id"];

const HOSTILE_PATH_VALUES = ["%E3%80%80", "%00", "%ZZ", "x".repeat(300), "1e30", "..%2F..%2Fetc%2Fpasswd"];

interface FormField {
  name: string;
  kind: string;
  value: string;
  checked: boolean;
  options: string[];
}

interface FoundForm {
  action: string;
  method: string;
  enctype: string;
  fields: FormField[];
  submitters: Array<{ name: string; value: string } | null>;
}

async function routeManifest(): Promise<ManifestRoute[]> {
  const build = (await import(pathToFileURL(path.resolve("build/index.js")).href)) as { routes: Record<string, ManifestRoute> };
  return Object.values(build.routes);
}

/** The URL pattern of every route that answers a GET (a page or a resource route), parents' paths joined. */
function routePatterns(routes: ManifestRoute[]): string[] {
  const byId = new Map(routes.map((route) => [route.id, route]));
  const patternOf = (route: ManifestRoute): string => {
    const parent = route.parentId ? byId.get(route.parentId) : undefined;
    const base = parent ? patternOf(parent) : "";
    return route.path ? `${base.replace(/\/$/, "")}/${route.path}` : base || "/";
  };
  const patterns = routes.filter((route) => route.id !== "root" && ("loader" in route.module || "default" in route.module)).map(patternOf);
  return [...new Set(patterns)].sort();
}

function paramValues(own: SampleOrganisation): Record<string, string> {
  const r = own.records;
  return {
    org: own.slug,
    orgSlug: own.slug,
    customerId: r.customerId,
    supplierId: r.supplierId,
    accountId: r.accountId,
    taxRateId: r.taxRateId,
    priceListId: r.priceListId,
    importId: r.importId,
    draftId: r.draftId,
    entryId: r.entryId,
    pageId: r.pageId,
    pageSlug: r.pageSlug,
    leadId: r.leadId,
    itemId: r.itemId,
    warehouseId: r.warehouseId,
    countId: r.countId,
    documentId: r.documentId,
    kind: "invoices",
    version: "1",
    position: "0",
    token: "not-a-real-invitation-token",
    id: "00000000-0000-4000-8000-000000000000",
    // A rights request that does not exist: its pages answer 404, as a forged id must.
    requestId: "00000000-0000-4000-8000-000000000001",
    "*": "no/such/page",
  };
}

function fill(pattern: string, values: Record<string, string>): string {
  return pattern.replace(/:(\w+)|\*/g, (match, name: string | undefined) => {
    const value = values[name ?? "*"];
    if (value === undefined) throw new Error(`No fixture value for the parameter ${match} of ${pattern}: add one to paramValues.`);
    return name ? encodeURIComponent(value) : value;
  });
}

/** A plausible value for an empty field, so that a hostile value in one field is not hidden by another's absence. */
function plausible(field: FormField, index: number): string {
  if (field.value) return field.value;
  const name = field.name.toLowerCase();
  if (field.kind === "password") return "";
  if (field.kind === "select") return field.options.find(Boolean) ?? "";
  if (field.kind === "email" || name.includes("email")) return `sweep-${index}@example.test`;
  if (field.kind === "date" || /date|lastupdated/.test(name)) return new Date().toISOString().slice(0, 10);
  if (field.kind === "number" || /days|amount|debit|credit/.test(name)) return "1";
  if (field.kind === "tel" || name.includes("phone")) return "+49 30 1234";
  if (name.includes("slug")) return `sweep-${index}`;
  if (name.includes("code")) return `S${index}`;
  return `Sweep ${index}`;
}

function baseline(form: FoundForm, index: number): Array<[string, string]> {
  const entries: Array<[string, string]> = [];
  for (const field of form.fields) {
    if (field.kind === "checkbox" || field.kind === "radio") {
      if (field.checked) entries.push([field.name, field.value]);
    } else {
      entries.push([field.name, plausible(field, index)]);
    }
  }
  return entries;
}

function toFormData(entries: Array<[string, string]>): FormData {
  const data = new FormData();
  for (const [name, value] of entries) data.append(name, value);
  return data;
}

function formKey(form: FoundForm, submitter: FoundForm["submitters"][number]) {
  const action = new URL(form.action);
  // Rows of one table post the same form with another id: one of them stands for all.
  return [form.method, action.pathname, action.search, form.fields.map((f) => f.name).sort().join(","), submitter ? `${submitter.name}=${submitter.value}` : ""].join(" ");
}

async function inBatches<T>(items: T[], size: number, run: (item: T) => Promise<void>) {
  for (let start = 0; start < items.length; start += size) await Promise.all(items.slice(start, start + size).map(run));
}

// Thousands of requests: a trace of them all would cost more than the sweep.
test.use({ trace: "off" });

test("every route, form, parameter and cookie survives hostile input", async ({ browser, request, baseURL }) => {
  test.setTimeout(900_000);
  const origin = new URL(baseURL!).origin;
  const own = (await (
    await request.post("/dev/fixtures/organisation", { data: { organisationName: "Sweep Großhandel ñ mx52y6zh", sampleData: true }, headers: { Origin: origin } })
  ).json()) as SampleOrganisation;
  const other = (await (await request.post("/dev/fixtures/organisation", { data: { sampleData: true }, headers: { Origin: origin } })).json()) as SampleOrganisation;
  expect(own.records?.customerId).toBeTruthy();

  const failures: string[] = [];
  const fail = (message: string) => {
    failures.push(message);
    if (process.env.SWEEP_VERBOSE) console.log(`sweep: FAILURE ${message}`);
  };
  let requests = 0;
  const started = Date.now();
  const lap = (stage: string) => console.log(`sweep: ${stage} after ${((Date.now() - started) / 1000).toFixed(1)} s, ${requests} requests`);

  /** Checks one answer: below 500, and any Location on this origin. */
  const check = (what: string, response: APIResponse) => {
    requests++;
    if (response.status() >= 500) fail(`${response.status()} for ${what}`);
    const location = response.headers()["location"];
    if (location && new URL(location, origin).origin !== origin) fail(`Location ${location} leaves the origin, for ${what}`);
  };

  const anonymous = await browser.newContext({ javaScriptEnabled: false, baseURL });
  const reader = await (await browser.newContext({ javaScriptEnabled: false })).newPage();
  const owner = await signedIn(browser, baseURL!, own);

  const patterns = routePatterns(await routeManifest());
  expect(patterns.length).toBeGreaterThan(40);
  const ownValues = paramValues(own);
  const otherValues = paramValues(other);

  // 1. Every route, as the owner and anonymously; the forms and GET parameters of the pages that answer.
  const forms = new Map<string, { context: BrowserContext; form: FoundForm; submitter: FoundForm["submitters"][number]; first: boolean }>();
  const queryNames = new Map<string, { context: BrowserContext; names: Set<string> }>();
  for (const pattern of patterns) {
    const url = fill(pattern, ownValues);
    for (const context of [owner, anonymous]) {
      const response = await context.request.get(url, { maxRedirects: 0 });
      check(`GET ${url} (${context === owner ? "owner" : "anonymous"})`, response);
      if (response.status() === 200 && (response.headers()["content-type"] ?? "").includes("text/html")) {
        // The browser reads the forms as a person's browser would (actions resolved against the page's address,
        // controls outside <form> included), from the HTML already fetched: no scripts, styles or second request.
        const html = (await response.text()).replace(/<script[\s\S]*?<\/script>|<link[^>]*>/gi, "").replace(/<head>/i, `<head><base href="${origin}${url}">`);
        await reader.setContent(html, { waitUntil: "domcontentloaded" });
        const found = await reader.$$eval("form", (elements) =>
          elements.map((element) => {
            const form = element as HTMLFormElement;
            const fields: FormField[] = [];
            const submitters: Array<{ name: string; value: string } | null> = [];
            for (const control of Array.from(form.elements) as Array<HTMLInputElement & HTMLSelectElement>) {
              if (!control.name || control.disabled) continue;
              const tag = control.tagName.toLowerCase();
              const type = (control.getAttribute("type") ?? (tag === "button" ? "submit" : "text")).toLowerCase();
              if (tag === "button" || ["submit", "image"].includes(type)) {
                if (type === "submit" || type === "image") submitters.push({ name: control.name, value: control.value });
                continue;
              }
              if (type === "file" || type === "reset" || type === "button") continue;
              const kind = tag === "select" ? "select" : tag === "textarea" ? "textarea" : type;
              const options = tag === "select" ? Array.from(control.options).map((option) => option.value) : [];
              fields.push({ name: control.name, kind, value: control.value, checked: Boolean(control.checked), options });
            }
            return { action: form.action, method: form.method.toLowerCase(), enctype: form.enctype, fields, submitters: submitters.length ? submitters : [null] };
          }),
        );
        const names = queryNames.get(url) ?? { context, names: new Set<string>() };
        queryNames.set(url, names);
        for (const form of found) {
          if (form.method === "get") {
            for (const field of form.fields) names.names.add(field.name);
            continue;
          }
          // Logging out would end the sweep's own session; the logout route has no input to sweep.
          if (new URL(form.action).pathname === "/logout") continue;
          form.submitters.forEach((submitter, index) => {
            const key = formKey(form, submitter);
            if (!forms.has(key)) forms.set(key, { context, form, submitter, first: index === 0 });
          });
        }
      }
    }
  }
  expect(forms.size, "forms found").toBeGreaterThan(20);
  lap("routes visited");

  // 2. Hostile route parameters: another organisation's ids are a 404, anything else below 500.
  const paramRequests: Array<() => Promise<void>> = [];
  for (const pattern of patterns.filter((p) => /:\w+/.test(p))) {
    for (const name of [...pattern.matchAll(/:(\w+)/g)].map((m) => m[1])) {
      if (name.endsWith("Id")) {
        const url = fill(pattern, { ...ownValues, [name]: otherValues[name] });
        paramRequests.push(async () => {
          const response = await owner.request.get(url, { maxRedirects: 0 });
          check(`GET ${url} (another organisation's ${name})`, response);
          if (response.status() !== 404) fail(`${response.status()} (not 404) for GET ${url}: another organisation's ${name}`);
        });
      }
      for (const value of HOSTILE_PATH_VALUES) {
        const url = fill(pattern, ownValues).replace(encodeURIComponent(ownValues[name]), value);
        paramRequests.push(async () => check(`GET ${url}`, await owner.request.get(url, { maxRedirects: 0 })));
      }
    }
  }

  // 3. Hostile query strings on every page, in the context it answered in, and hostile cookies without a session.
  const queryRequests: Array<() => Promise<void>> = [];
  for (const [url, { context, names }] of queryNames) {
    const all = [...new Set([...names, ...COMMON_QUERY_NAMES])];
    for (const { label, encoded } of HOSTILE_QUERY_VALUES) {
      const target = `${url}${url.includes("?") ? "&" : "?"}${all.map((name) => `${encodeURIComponent(name)}=${encoded}`).join("&")}`;
      queryRequests.push(async () => check(`GET ${url} with every parameter ${label}`, await context.request.get(target, { maxRedirects: 0 })));
    }
  }
  for (const pattern of patterns) {
    const url = fill(pattern, ownValues);
    for (const cookie of HOSTILE_COOKIES) {
      queryRequests.push(async () => check(`GET ${url} with Cookie: ${cookie.slice(0, 40)}`, await request.get(url, { headers: { cookie }, maxRedirects: 0 })));
    }
  }
  await inBatches([...paramRequests, ...queryRequests], 4, (run) => run());
  lap("parameters, queries and cookies swept");

  // 4. Every form, each field in turn set to each hostile value, the others plausible.
  let formIndex = 0;
  let submissions = 0;
  for (const { context, form, submitter, first } of forms.values()) {
    formIndex++;
    const base = baseline(form, formIndex);
    // Repeated rows of one form (lines.0.debit, lines.1.debit) are read by the same code: the first stands for all.
    const names = [...new Map(form.fields.map((field) => [field.name.replace(/\.\d+\./, ".N."), field.name])).values()];
    const variants: Array<{ label: string; entries: Array<[string, string]> }> = [];
    for (const name of names) {
      const field = form.fields.find((f) => f.name === name)!;
      const values = { ...HOSTILE_VALUES, ...(/^[0-9a-f-]{36}$/i.test(field.value) || /id$/i.test(name) ? { "another organisation's id": otherValues.customerId } : {}) };
      for (const [label, value] of Object.entries(values)) {
        if (!first && !VALUES_FOR_OTHER_SUBMITTERS.includes(label)) continue;
        variants.push({ label: `${name}=${label}`, entries: [...base.filter(([n]) => n !== name), [name, value]] });
      }
      // A field sent twice (a duplicated id, a replayed form) must be refused with a message too.
      const sent = base.find(([n]) => n === name);
      if (first && sent) variants.push({ label: `${name} sent twice`, entries: [...base, sent] });
    }
    const largest = names.find((name) => ["text", "textarea"].includes(form.fields.find((f) => f.name === name)!.kind)) ?? names[0];
    if (largest && first) variants.push({ label: `${largest}=1 MB`, entries: [...base.filter(([n]) => n !== largest), [largest, "z".repeat(1_000_000)]] });
    submissions += variants.length;
    if (process.env.SWEEP_VERBOSE) console.log(`sweep: form ${formIndex}/${forms.size}: ${formKey(form, submitter)}, ${variants.length} submissions`);
    // Sent three at a time, a refusal can meet a page that another submission of this sweep changed meanwhile (the
    // draft it posted is gone when the page renders): what did not explain itself is sent again, alone, and must.
    const sendAgain: Array<() => Promise<void>> = [];
    await inBatches(variants, 3, async ({ label, entries }) => {
      const withSubmitter = submitter ? [...entries, [submitter.name, submitter.value] as [string, string]] : entries;
      const body = toFormData(withSubmitter);
      const options = { headers: { Origin: origin }, maxRedirects: 0, ...(form.enctype === "multipart/form-data" ? { multipart: body } : { form: body }) };
      const response = await context.request.post(form.action, options);
      const what = `POST ${new URL(form.action).pathname}${submitter ? ` (${submitter.name}=${submitter.value})` : ""} with ${label}`;
      check(what, response);
      const unexplained: string[] = [];
      await expectRefusalExplained(what, response, (message) => unexplained.push(message));
      if (unexplained.length === 0) return;
      sendAgain.push(async () => {
        const alone = await context.request.post(form.action, options);
        check(`${what}, sent again alone`, alone);
        await expectRefusalExplained(`${what}, sent again alone (first: ${unexplained.join("; ")})`, alone, fail);
      });
    });
    for (const send of sendAgain) await send();
    if (context === owner) await stayLoggedIn(owner, own, fail);
  }

  lap(`${submissions} submissions of ${forms.size} forms swept`);
  await Promise.all([owner.close(), anonymous.close(), reader.context().close()]);
  console.log(`sweep: ${patterns.length} routes, ${forms.size} forms, ${requests} requests`);
  expect(failures).toEqual([]);
});

/**
 * A refused submission says why. Every message the action answered with (its field errors, form error or
 * message, read from the data Remix put in the page) must be on the page, where the person sees it; a refusal
 * thrown as an error response must render the error page.
 */
async function expectRefusalExplained(what: string, response: APIResponse, fail: (message: string) => void) {
  const status = response.status();
  if (status < 400 || status >= 500) return;
  const type = response.headers()["content-type"] ?? "";
  const body = await response.text();
  if (!type.includes("text/html")) {
    if (!body.trim()) fail(`${status} without a message for ${what}`);
    return;
  }
  const context = /window\.__remixContext = (\{.*?\});\s*(?:__remixContext|<\/script>)/s.exec(body)?.[1];
  const actionData = context ? (JSON.parse(context) as { state?: { actionData?: Record<string, unknown> | null } }).state?.actionData : null;
  const messages = Object.values(actionData ?? {}).flatMap((data) => {
    const { errors, formError, message } = (data ?? {}) as { errors?: Record<string, string>; formError?: string; message?: string };
    return [...Object.values(errors ?? {}), formError, message].filter((text): text is string => typeof text === "string" && text.length > 0);
  });
  const visible = body.replace(/<script[\s\S]*?<\/script>/gi, "");
  if (messages.length === 0) {
    if (!/id="error-title"|role="alert"/.test(visible)) fail(`${status} shows no message for ${what}`);
    return;
  }
  // A loader that fails after the action (the request's database deadline passed on a busy machine: a 503) renders
  // the error page in place of the form; that page must then say so, and it is the page a person would see.
  const errorPage = /<p[^>]*>Error <!-- -->(\d{3})<\/p><h1 id="error-title"/.exec(visible)?.[1];
  if (errorPage === "503") return;
  for (const message of messages) {
    if (!visible.includes(escapeLikeReact(message))) fail(`${status} does not show "${message.slice(0, 80)}" for ${what}${errorPage ? ` (it shows the error page of a ${errorPage})` : ""}`);
  }
}

function escapeLikeReact(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&#x27;");
}

async function signedIn(browser: Browser, baseURL: string, organisation: Organisation): Promise<BrowserContext> {
  const context = await browser.newContext({ javaScriptEnabled: false, baseURL });
  await logInWith(context.request, baseURL, organisation);
  return context;
}

async function logInWith(request: APIRequestContext, baseURL: string, organisation: Organisation) {
  const response = await request.post("/login", { form: { email: organisation.email, password: organisation.password }, headers: { Origin: new URL(baseURL).origin }, maxRedirects: 0 });
  expect(response.status(), "the sweep logs in").toBe(302);
}

/** A submission that ended the owner's session (a password change, say) would blind the rest of the sweep. */
async function stayLoggedIn(context: BrowserContext, organisation: Organisation, fail: (message: string) => void) {
  const response = await context.request.get(`/app/${organisation.slug}`, { maxRedirects: 0 });
  if (response.status() === 200) return;
  fail(`the owner's session ended (${response.status()} ${response.headers()["location"] ?? ""}); logged in again`);
  await logInWith(context.request, new URL(response.url()).origin, organisation);
}
