import { randomBytes } from "node:crypto";
import { expect, logIn, logOut, openEmail, test } from "./fixtures";

test("an invited salesman accepts, works in the organisation and is refused an owner-only page", async ({ page, organisation }) => {
  const salesmanEmail = `salesman-${randomBytes(4).toString("hex")}@example.test`;
  await logIn(page, organisation.email, organisation.password);
  await page.getByRole("navigation", { name: "Main", exact: true }).getByRole("link", { name: "Settings" }).click();
  await expect(page.getByRole("heading", { name: "Members", exact: true })).toBeVisible();
  await page.getByLabel("Email address").fill(salesmanEmail);
  await page.getByLabel("Role", { exact: true }).selectOption("salesman");
  await page.getByRole("button", { name: "Send invitation" }).click();
  await expect(page.getByRole("status")).toContainText(`Invitation sent to ${salesmanEmail}`);
  await expect(page.getByRole("cell", { name: salesmanEmail, exact: true })).toBeVisible();
  await logOut(page);

  await openEmail(page, salesmanEmail, `Join ${organisation.organisationName} on Folio`);
  await page.getByRole("link", { name: "Accept invitation" }).click();
  await expect(page.getByRole("heading", { name: `Join ${organisation.organisationName}` })).toBeVisible();
  await page.getByLabel("Your name").fill("Sally Salesman");
  await page.getByLabel("Password").fill("door to door 2026 sales");
  await page.getByLabel(/I am 18 or older/).check();
  await page.getByRole("button", { name: "Create account and join" }).click();
  await expect(page.getByRole("heading", { name: "Dashboard" })).toBeVisible();
  await expect(page.getByText("You are salesman of")).toBeVisible();

  const nav = page.getByRole("navigation", { name: "Main", exact: true });
  await expect(nav.getByRole("link", { name: "Sales" })).toBeVisible();
  await expect(nav.getByRole("link", { name: "Settings" })).toHaveCount(0);
  await expect(nav.getByRole("link", { name: "Ledger" })).toHaveCount(0);

  for (const path of ["settings", "settings/members", "settings/audit", "ledger", "privacy"]) {
    const response = await page.goto(`/app/${organisation.slug}/${path}`);
    expect(response?.status(), path).toBe(403);
    await expect(page.getByRole("heading", { name: "You do not have access to this" })).toBeVisible();
    // The shell stays around the error page.
    await expect(page.getByRole("navigation", { name: "Main", exact: true })).toBeVisible();
  }

  // The server refuses the action itself, not only the page.
  const refused = await page.request.post(`/app/${organisation.slug}/settings/members`, {
    form: { intent: "invite", email: "someone@example.test", role: "owner" },
    headers: { Origin: new URL(page.url()).origin },
  });
  expect(refused.status()).toBe(403);
});

test("the owner sees every change in the audit trail", async ({ page, organisation }) => {
  await logIn(page, organisation.email, organisation.password);
  await page.goto(`/app/${organisation.slug}/settings`);
  await page.getByLabel("Organisation name").fill(`${organisation.organisationName} Renamed`);
  await page.getByRole("button", { name: "Save settings" }).click();
  await expect(page.getByRole("status")).toContainText("Organisation settings saved.");
  await page.goto(`/app/${organisation.slug}/settings/audit`);
  await expect(page.getByRole("cell", { name: "organisation.updated" })).toBeVisible();
  await expect(page.getByRole("cell", { name: "organisation.created" })).toBeVisible();
  await page.getByRole("link", { name: "Verify the chain" }).click();
  await expect(page.getByRole("status")).toContainText("The chain is intact");
});
