import { createOrganisation, expect, logIn, test } from "./fixtures";

test("a member of one organisation gets a 404 for every URL of another", async ({ page, organisation, request, baseURL }) => {
  const other = await createOrganisation(request, baseURL!);
  await logIn(page, organisation.email, organisation.password);
  await expect(page.getByRole("heading", { name: "Dashboard" })).toBeVisible();

  for (const path of ["", "/settings", "/settings/members", "/settings/audit", "/inventory", "/ledger", "/no-such-page"]) {
    const response = await page.goto(`/app/${other.slug}${path}`);
    expect(response?.status(), `/app/${other.slug}${path}`).toBe(404);
  }
  const write = await page.request.post(`/app/${other.slug}/settings/members`, {
    form: { intent: "invite", email: "spy@example.test", role: "owner" },
    headers: { Origin: baseURL! },
  });
  expect(write.status()).toBe(404);
  // An organisation that does not exist answers the same way.
  expect((await page.goto("/app/there-is-no-such-org"))?.status()).toBe(404);
});

test("requests from other sites, oversized bodies and unknown routes are refused", async ({ request, baseURL }) => {
  const crossSite = await request.post("/login", { form: { email: "a@example.test", password: "x" }, headers: { Origin: "https://evil.example" } });
  expect(crossSite.status()).toBe(403);
  const big = await request.post("/login", { data: "x".repeat(2 * 1024 * 1024), headers: { Origin: baseURL!, "Content-Type": "text/plain" } });
  expect(big.status()).toBe(413);
  const json = await request.post("/login", { data: { email: "a@example.test" }, headers: { Origin: baseURL! } });
  expect(json.status()).toBe(415);
  const malformed = await request.post("/login", {
    data: "--x\r\nbroken",
    headers: { Origin: baseURL!, "Content-Type": "multipart/form-data; boundary=x" },
  });
  expect(malformed.status()).toBeLessThan(500);
  expect((await request.get("/definitely/not/here")).status()).toBe(404);
  const home = await request.get("/");
  const csp = home.headers()["content-security-policy"];
  expect(csp).toContain("frame-ancestors 'none'");
  expect(csp).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]+'/);
  expect(home.headers()["x-content-type-options"]).toBe("nosniff");
  expect(home.headers()["referrer-policy"]).toBeTruthy();
});
