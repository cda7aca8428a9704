import http from "node:http";
import { expect, logIn, test } from "./fixtures";

test("logging in from /login?redirectTo=%2F%09%2Fevil.test stays on Folio", async ({ page, organisation, baseURL }) => {
  const leftTo: string[] = [];
  page.on("request", (request) => {
    if (new URL(request.url()).origin !== new URL(baseURL!).origin) leftTo.push(request.url());
  });
  await page.goto("/login?redirectTo=%2F%09%2Fevil.test");
  await page.getByLabel("Email").fill(organisation.email);
  await page.getByLabel("Password").fill(organisation.password);
  await page.getByRole("button", { name: "Log in" }).click();
  await expect(page.getByRole("heading", { name: "Dashboard" })).toBeVisible();
  expect(new URL(page.url()).origin).toBe(new URL(baseURL!).origin);
  expect(leftTo).toEqual([]);
});

test("a same-site redirectTo is still followed after logging in", async ({ page, organisation }) => {
  await page.goto(`/app/${organisation.slug}/sales/customers`);
  await expect(page).toHaveURL(/\/login\?redirectTo=/);
  await page.getByLabel("Email").fill(organisation.email);
  await page.getByLabel("Password").fill(organisation.password);
  await page.getByRole("button", { name: "Log in" }).click();
  await expect(page).toHaveURL(new RegExp(`/app/${organisation.slug}/sales/customers$`));
});

test("an address with broken percent-encoding or a control character is a 400 page that says why", async ({ page }) => {
  for (const [path, reason] of [
    ["/%ZZ", /broken percent-encoding/],
    ["/login?x=%ZZ", /broken percent-encoding/],
    ["/p/demo/offer?utm_source=a%00b", /control character \(U\+0000 \(NUL\)\)/],
    ["/o/%00/privacy", /control character/],
    ["/notices/acknowledge?returnTo=%2F%00%2Fevil.test", /control character/],
  ] as const) {
    const response = await page.goto(path);
    expect(response?.status(), path).toBe(400);
    await expect(page.getByRole("heading", { name: "That request could not be understood" })).toBeVisible();
    await expect(page.getByRole("alert")).toHaveText(reason);
  }
});

test("a cookie that cannot be read is no cookie: every page answers, logged out", async ({ request }) => {
  for (const cookie of ["folio_session=%00", "folio_session=%ZZ", "folio_flash=%ZZ", "folio_session=a%00b; folio_consent=%E3%80"]) {
    for (const path of ["/", "/login", "/app", "/privacy", "/cookies"]) {
      const response = await request.get(path, { headers: { cookie }, maxRedirects: 0 });
      expect(response.status(), `${path} with ${cookie}`).toBeLessThan(500);
    }
  }
});

test("a response sent before the body was read closes its connection, so the next request on it is not reset", async ({ baseURL }) => {
  const url = new URL(baseURL!);
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const send = (method: string, path: string, body?: string) =>
    new Promise<number>((resolve, reject) => {
      const headers: Record<string, string | number> = { Origin: url.origin };
      if (body) Object.assign(headers, { "content-type": "application/x-www-form-urlencoded", "content-length": Buffer.byteLength(body) });
      const request = http.request({ host: url.hostname, port: url.port, method, path, agent, headers }, (response) => {
        response.resume();
        response.on("end", () => resolve(response.statusCode ?? 0));
      });
      request.on("error", reject);
      request.end(body);
    });
  try {
    // Not logged in: the action redirects to the login page without reading the 900 KB it was sent.
    expect(await send("POST", "/app/anything/settings/members", `intent=invite&email=${"z".repeat(900_000)}`)).toBe(302);
    expect(await send("GET", "/healthz")).toBe(200);
  } finally {
    agent.destroy();
  }
});

test("public/'s files are served as files, and any other path is a page of Folio", async ({ request }) => {
  const robots = await request.get("/robots.txt");
  expect(robots.status()).toBe(200);
  expect(robots.headers()["content-type"]).toMatch(/^text\/plain/);
  expect(await robots.text()).toMatch(/^Disallow: \/app$/m);
  const icon = await request.get("/favicon.svg");
  expect(icon.status()).toBe(200);
  expect(icon.headers()["content-type"]).toMatch(/^image\/svg\+xml/);
  const missing = await request.get("/robots.txt.bak");
  expect(missing.status()).toBe(404);
  expect(missing.headers()["content-type"]).toMatch(/^text\/html/);
});
