import { randomBytes } from "node:crypto";
import { expect, inviteAndJoin, logIn, logOut, openEmail, test } from "./fixtures";

const unique = () => randomBytes(3).toString("hex");

test("a material change of the organisation's notice mails its members and asks them to acknowledge at login", async ({ page, organisation }) => {
  const memberEmail = `member-${unique()}@example.test`;
  const memberPassword = "quarterly stock count 2026";

  // A member joins through an invitation, before the change.
  await logIn(page, organisation.email, organisation.password);
  await inviteAndJoin(page, organisation, { email: memberEmail, role: "accountant", name: "Mia Member", password: memberPassword });
  await logOut(page);

  // The owner writes the notice, previews it (script neutralised) and publishes it as a material change.
  await logIn(page, organisation.email, organisation.password);
  await page.getByRole("navigation", { name: "Main", exact: true }).getByRole("link", { name: "Privacy" }).click();
  await page.getByRole("link", { name: "Notices" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Privacy notice" })).toBeVisible();
  await page
    .getByLabel("Notice text (Markdown)")
    .fill("## How we use your details\n\nWe answer your enquiries and, if you agree, send offers.\n\n<script>window.__injected = true</script>");
  await page.getByRole("button", { name: "Preview" }).click();
  const preview = page.getByRole("region", { name: "Preview" });
  await expect(preview.getByRole("heading", { name: "How we use your details" })).toBeVisible();
  expect(await preview.locator("script").count()).toBe(0);
  await page.getByLabel(/Material change/).check();
  await page.getByRole("button", { name: "Publish new version" }).click();
  await expect(page.getByRole("status")).toContainText("Version 1 of the privacy notice is published. Members were emailed");
  await expect(page.getByRole("row", { name: /Version 1/ })).toContainText("Material");

  // The public page shows it, harmless; the publisher is not asked to acknowledge what he wrote.
  await page.goto(`/o/${organisation.slug}/privacy`);
  await expect(page.getByRole("heading", { level: 1, name: `${organisation.organisationName} privacy notice` })).toBeVisible();
  await expect(page.getByText("We answer your enquiries")).toBeVisible();
  await expect(page.getByText(/Version 1 · Last updated/)).toBeVisible();
  expect(await page.evaluate(() => (window as unknown as { __injected?: boolean }).__injected)).toBeUndefined();
  await page.goto(`/app/${organisation.slug}`);
  await expect(page.getByRole("heading", { name: "Dashboard" })).toBeVisible();
  await logOut(page);

  // The member got the email...
  await openEmail(page, memberEmail, `${organisation.organisationName} updated its privacy notice`);
  await expect(page.getByRole("link", { name: "Read the updated notice" })).toBeVisible();

  // ...and at the next login is asked to acknowledge the notice before going on.
  await logIn(page, memberEmail, memberPassword);
  await expect(page.getByRole("heading", { level: 1, name: `${organisation.organisationName} updated its privacy notice` })).toBeVisible();
  await expect(page.getByRole("region", { name: "The updated notice" })).toContainText("We answer your enquiries");
  await page.getByRole("button", { name: "I have read the updated notice" }).click();
  await expect(page.getByRole("heading", { name: "Dashboard" })).toBeVisible();
  await expect(page).toHaveURL(new RegExp(`/app/${organisation.slug}$`));

  // Acknowledged once is enough.
  await page.goto(`/app/${organisation.slug}/crm`);
  await expect(page.getByRole("heading", { level: 1, name: "CRM" })).toBeVisible();
});

test("Folio's notice is public with its versions, and only Folio administrators may edit it", async ({ page, organisation }) => {
  await page.goto("/privacy");
  await expect(page.getByRole("heading", { level: 1, name: "Folio privacy notice" })).toBeVisible();
  await expect(page.getByText(/Version \d+ · Last updated \d{2}\/\d{2}\/\d{4} · Effective \d{2}\/\d{2}\/\d{4}/)).toBeVisible();
  await expect(page.getByRole("heading", { name: "All versions" })).toBeVisible();
  await page.getByRole("link", { name: "Version 1", exact: true }).click();
  await expect(page.getByText(/Version 1 · Last updated/)).toBeVisible();
  expect((await page.goto("/privacy/versions/999999"))?.status()).toBe(404);

  // The sign-up page links the notice and names the version accepted.
  await page.goto("/signup");
  await expect(page.getByRole("link", { name: "privacy notice", exact: true })).toHaveAttribute("href", "/privacy");
  await expect(page.getByText(/\(version \d+, last updated \d{2}\/\d{2}\/\d{4}\)/)).toBeVisible();

  await logIn(page, organisation.email, organisation.password);
  expect((await page.goto("/platform/privacy-notice"))?.status()).toBe(404);
});

test("an organisation without a notice: its footers' Privacy notice link shows Folio's notice and says the organisation has none", async ({ page, organisation }) => {
  // The footer's link still leads somewhere, to Folio's notice for what the platform does, saying plainly that the
  // organisation has published none. A version it never published, and an unknown organisation, are a 404.
  await page.goto(`/o/${organisation.slug}/cookies`);
  await page.getByRole("contentinfo").getByRole("link", { name: "Privacy notice" }).click();
  await expect(page).toHaveURL(new RegExp(`/o/${organisation.slug}/privacy$`));
  await expect(page.getByRole("heading", { level: 1, name: "Folio privacy notice" })).toBeVisible();
  await expect(page.getByRole("note")).toContainText(`${organisation.organisationName} has not published its own privacy notice.`);
  await expect(page.getByRole("link", { name: /^Version \d+$/ }).first()).toHaveAttribute("href", /^\/privacy/);
  expect((await page.goto(`/o/${organisation.slug}/privacy?version=1`))?.status()).toBe(404);
  expect((await page.goto(`/o/no-such-organisation-${unique()}/privacy`))?.status()).toBe(404);
});
