import { test as base, expect, type APIRequestContext, type Page } from "@playwright/test";

export interface Organisation {
  slug: string;
  organisationName: string;
  email: string;
  name: string;
  password: string;
  /** With `sampleData`: the slug of its published landing page. */
  landingPageSlug: string | null;
}

/**
 * A fresh organisation with a verified owner, made by the test-only fixture endpoint; `sampleData` adds a little of
 * everything (parties with long names, entries, a draft, a landing page and a lead, a second member, an invitation).
 */
export async function createOrganisation(request: APIRequestContext, baseURL: string, body: { organisationName?: string; name?: string; sampleData?: boolean } = {}) {
  const response = await request.post("/dev/fixtures/organisation", { data: body, headers: { Origin: baseURL } });
  expect(response.status()).toBe(200);
  return (await response.json()) as Organisation;
}

export const test = base.extend<{ organisation: Organisation }>({
  organisation: async ({ request, baseURL }, use) => {
    await use(await createOrganisation(request, baseURL!));
  },
});

export { expect };

export async function logIn(page: Page, email: string, password: string) {
  await page.goto("/login");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  const answered = page.waitForResponse((r) => new URL(r.url()).pathname === "/login" && r.request().method() === "POST");
  await page.getByRole("button", { name: "Log in" }).click();
  await answered;
  await page.waitForLoadState();
}

export async function logOut(page: Page) {
  await page.locator("summary").filter({ hasText: "Account menu for" }).click();
  await page.getByRole("button", { name: "Log out" }).click();
  await expect(page).toHaveURL(/\/login/);
}

/** Opens the newest message to `to` with `subject` in the local mailbox. */
export async function openEmail(page: Page, to: string, subject: string | RegExp) {
  await page.goto(`/dev/mailbox?to=${encodeURIComponent(to)}`);
  await page.getByRole("link", { name: subject }).first().click();
}

/**
 * As the logged-in owner: invites `member.email` as `member.role` from the members page, logs out, and joins
 * through the emailed invitation as a new user; ends on the new member's dashboard.
 */
export async function inviteAndJoin(page: Page, organisation: Organisation, member: { email: string; role: string; name: string; password: string }) {
  await page.goto(`/app/${organisation.slug}/settings/members`);
  await page.getByLabel("Email address").fill(member.email);
  await page.getByLabel("Role", { exact: true }).selectOption(member.role);
  await page.getByRole("button", { name: "Send invitation" }).click();
  await expect(page.getByRole("status")).toContainText(`Invitation sent to ${member.email}`);
  await logOut(page);

  await openEmail(page, member.email, `Join ${organisation.organisationName} on Folio`);
  await page.getByRole("link", { name: "Accept invitation" }).click();
  await page.getByLabel("Your name").fill(member.name);
  await page.getByLabel("Password").fill(member.password);
  await page.getByLabel(/I am 18 or older/).check();
  await page.getByRole("button", { name: "Create account and join" }).click();
  await expect(page.getByRole("heading", { name: "Dashboard" })).toBeVisible();
}
