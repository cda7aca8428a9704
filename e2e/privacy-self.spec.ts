import { readFile } from "node:fs/promises";
import type { Page } from "@playwright/test";
import { expect, inviteAndJoin, logIn, openEmail, test } from "./fixtures";

/** The 6-digit code in the newest message to `to` whose subject matches. */
async function mailedCode(page: Page, to: string, subject: RegExp): Promise<string> {
  await openEmail(page, to, subject);
  const text = await page.locator("pre").innerText();
  const match = /Your code:\s*(\d{6})/.exec(text);
  expect(match, "a code in the message").not.toBeNull();
  return match![1];
}

test("Folio's own rights page: a request confirmed with the code from the mailbox", async ({ page }) => {
  const email = `folio-subject-${Date.now()}@example.test`;
  await page.goto("/rights");
  await expect(page.getByRole("heading", { name: "Your privacy rights with Folio" })).toBeVisible();
  await page.getByLabel(/^Access/).check();
  await page.getByLabel("Email").fill(email);
  await page.getByRole("button", { name: "Send the request" }).click();
  await expect(page.getByRole("heading", { name: "Enter the code we sent you" })).toBeVisible();
  const requestUrl = page.url();
  expect(new URL(requestUrl).pathname).toMatch(/^\/rights\/[0-9a-f-]{36}$/);
  const code = await mailedCode(page, email, /Confirm your privacy request/);
  await page.goto(requestUrl);
  await page.getByLabel("Code", { exact: true }).fill(code === "000000" ? "111111" : "000000");
  await page.getByRole("button", { name: "Confirm" }).click();
  await expect(page.getByText(/That code is not right\. 4 attempts left\./)).toBeVisible();
  await page.getByLabel("Code", { exact: true }).fill(code);
  await page.getByRole("button", { name: "Confirm" }).click();
  await expect(page.getByRole("status")).toContainText(/Your reference: PR-/);
  await expect(page.getByRole("status")).toContainText(/We will answer by \d{4}-\d{2}-\d{2}/);
});

test("delete my account: the only owner is refused; a member is signed out, and signing in again cancels the deletion", async ({ page, organisation }) => {
  await logIn(page, organisation.email, organisation.password);
  await page.goto("/account/privacy");
  await page.getByLabel("Your password").fill(organisation.password);
  await page.getByRole("button", { name: "Delete my account" }).click();
  await expect(page.getByText(`You are the only owner of ${organisation.organisationName}`)).toBeVisible();

  const member = { email: `leaving-${Date.now()}@example.test`, role: "viewer", name: "Lea Leaving", password: "a long and careful passphrase 7" };
  await inviteAndJoin(page, organisation, member);
  await page.goto("/account/privacy");
  await page.getByLabel("Your password").fill(member.password);
  await page.getByRole("button", { name: "Delete my account" }).click();
  await expect(page).toHaveURL(/\/login/);
  await expect(page.getByText(/Your account will be deleted on \d{4}-\d{2}-\d{2}\. You are signed out/)).toBeVisible();

  await logIn(page, member.email, member.password);
  await expect(page).toHaveURL(/\/account\/privacy/);
  await expect(page.getByText(/signing in has cancelled the deletion/)).toBeVisible();
});

test("an owner exports the organisation as a zip, cancels it (members see the banner) and undoes it", async ({ page, organisation }) => {
  await logIn(page, organisation.email, organisation.password);
  await page.goto(`/app/${organisation.slug}/settings`);
  const downloading = page.waitForEvent("download");
  await page.getByRole("button", { name: "Download the export (zip)" }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toMatch(/\.zip$/);
  const archive = await readFile((await download.path())!);
  expect(archive.subarray(0, 4).readUInt32LE(0)).toBe(0x04034b50);
  const text = archive.toString("utf8");
  expect(text).toContain("organisation.json");
  expect(text).toContain("csv/memberships.csv");
  expect(text).toContain("json/accounts.json");
  expect(text).toContain(organisation.organisationName);

  await page.goto(`/app/${organisation.slug}/settings/cancel`);
  await page.getByLabel(/Type the organisation's name/).fill("not the name");
  await page.getByRole("button", { name: "Cancel the organisation" }).click();
  await expect(page.getByText(/exactly as it is written/).first()).toBeVisible();
  await page.getByLabel(/Type the organisation's name/).fill(organisation.organisationName);
  await page.getByRole("button", { name: "Cancel the organisation" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "This organisation was cancelled on" })).toBeVisible();
  await page.goto(`/app/${organisation.slug}`);
  await expect(page.getByRole("alert").filter({ hasText: /will be deleted with all its data on \d{4}-\d{2}-\d{2}/ })).toBeVisible();

  await page.goto(`/app/${organisation.slug}/settings/cancel`);
  await page.getByRole("button", { name: "Undo the cancellation" }).first().click();
  await expect(page.getByText(/The cancellation is undone/)).toBeVisible();
  await expect(page.getByRole("alert").filter({ hasText: "This organisation was cancelled on" })).toHaveCount(0);
});
