import { readFile } from "node:fs/promises";
import { expect, createOrganisation, logIn, openEmail, test, type Organisation } from "./fixtures";
import type { Page } from "@playwright/test";

type WithRecords = Organisation & { records: { customerId: string; entryId: string } };

/** The 6-digit code in the newest message to `to` whose subject matches. */
async function mailedCode(page: Page, to: string, subject: RegExp): Promise<string> {
  await openEmail(page, to, subject);
  const text = await page.locator("pre").innerText();
  const match = /Your code:\s*(\d{6})/.exec(text);
  expect(match, "a code in the message").not.toBeNull();
  return match![1];
}

/** As a data subject without an account: files a request on the organisation's public page and verifies it. */
async function fileAndVerify(page: Page, slug: string, email: string, right: RegExp) {
  await page.goto(`/o/${slug}/rights`);
  await page.getByLabel(right).check();
  await page.getByLabel("Email").fill(email);
  await page.getByRole("button", { name: "Send the request" }).click();
  await expect(page.getByRole("heading", { name: "Enter the code we sent you" })).toBeVisible();
  const requestUrl = page.url();
  const code = await mailedCode(page, email, /Confirm your privacy request/);
  await page.goto(requestUrl);
  await page.getByLabel("Code", { exact: true }).fill(code === "000000" ? "111111" : "000000");
  await page.getByRole("button", { name: "Confirm" }).click();
  await expect(page.getByText(/That code is not right\. 4 attempts left\./)).toBeVisible();
  await page.getByLabel("Code", { exact: true }).fill(code);
  await page.getByRole("button", { name: "Confirm" }).click();
  await expect(page.getByRole("status")).toContainText(/Your reference: PR-/);
  await expect(page.getByRole("status")).toContainText(/We will answer by \d{4}-\d{2}-\d{2}/);
  return (await page.getByRole("status").locator("strong").first().innerText()).trim();
}

async function workRequest(page: Page, slug: string, reference: string, complete: RegExp) {
  await page.goto(`/app/${slug}/privacy/requests`);
  await page.getByRole("link", { name: reference }).click();
  await page.getByRole("button", { name: "Approve" }).click();
  await expect(page.getByText("Approved. The requester has been told.")).toBeVisible();
  await page.getByRole("button", { name: complete }).click();
}

test("erasure and access: filed on the public page, verified by code, worked by the privacy team", async ({ browser, request, baseURL }) => {
  const organisation = (await createOrganisation(request, baseURL!, { sampleData: true })) as WithRecords;
  const team = await (await browser.newContext()).newPage();
  await logIn(team, organisation.email, organisation.password);
  await team.goto(`/app/${organisation.slug}/sales/customers/${organisation.records.customerId}`);
  const customerEmail = await team.getByLabel("Email", { exact: true }).inputValue();
  expect(customerEmail).toMatch(/@mueller-grosshandel\.example$/);

  const subject = await (await browser.newContext({ acceptDownloads: true })).newPage();

  // Access first: the package holds the customer and the ledger lines that name it.
  const accessReference = await fileAndVerify(subject, organisation.slug, customerEmail, /^Access/);
  await workRequest(team, organisation.slug, accessReference, /^Complete$/);
  await expect(team.getByText("Completed. The requester has the statement.")).toBeVisible();
  await openEmail(subject, customerEmail, /Your request is completed/);
  await subject.getByRole("region", { name: "Links in this message" }).getByRole("link", { name: "Download your data" }).click();
  await subject.getByRole("button", { name: "Send me a code" }).click();
  await expect(subject.getByRole("status")).toContainText("We sent you a code.");
  const packageUrl = subject.url();
  const code = await mailedCode(subject, customerEmail, /Your code to download your data/);
  await subject.goto(packageUrl);
  await subject.getByLabel("Code", { exact: true }).fill(code);
  const downloading = subject.waitForEvent("download");
  await subject.getByRole("button", { name: "Download (zip)" }).click();
  const download = await downloading;
  const archive = await readFile((await download.path())!);
  const text = archive.toString("utf8");
  expect(text).toContain("my-data.json");
  expect(text).toContain("csv/customers.csv");
  expect(text).toContain("csv/journal_lines.csv");
  expect(text).toContain(customerEmail);
  expect(text).toContain("supplementaryInformation");

  // Erasure: the customer's details go, the ledger lines stay in the books.
  const erasureReference = await fileAndVerify(subject, organisation.slug, customerEmail, /^Erasure/);
  await workRequest(team, organisation.slug, erasureReference, /Complete: carry out the erasure/);
  await expect(team.getByText(/Partially completed/).first()).toBeVisible();
  await expect(team.getByRole("region", { name: "Statement sent to the requester" })).toContainText(/journal lines: kept because the books must be kept/);

  await team.goto(`/app/${organisation.slug}/sales/customers`);
  await expect(team.getByText("Müller Großhandel")).toHaveCount(0);
  await team.goto(`/app/${organisation.slug}/sales/customers?q=${encodeURIComponent(customerEmail)}`);
  await expect(team.getByText(customerEmail)).toHaveCount(0);
  await team.goto(`/app/${organisation.slug}/sales/customers/${organisation.records.customerId}`);
  await expect(team.getByRole("heading", { level: 1 })).toHaveText(/^Erased customer [0-9a-f]{8}$/);
  await expect(team.getByLabel("Email", { exact: true })).toHaveValue("");
  await expect(team.getByLabel("Phone", { exact: true })).toHaveValue("");
  await expect(team.getByLabel("Tax ID")).toHaveValue("");
  await expect(team.getByLabel("Billing address")).toHaveValue("");
  await team.goto(`/app/${organisation.slug}/ledger/entries/${organisation.records.entryId}`);
  // The entry stays in the books: its line names the customer only by the anonymised name.
  const line = team.getByRole("row").filter({ has: team.getByRole("cell", { name: "Spring delivery" }) });
  await expect(line).toContainText(/Erased customer [0-9a-f]{8}/);
  await expect(team.getByText("Müller Großhandel")).toHaveCount(0);

  await openEmail(subject, customerEmail, /Your request is partially completed/);
  await expect(subject.locator("pre")).toContainText(/journal lines: kept because the books must be kept .* until \d{4}-\d{2}-\d{2}/);
  await expect(subject.locator("pre")).toContainText(/supervisory authority/);
});

test("an unknown address gets the same answer, and a forged or foreign request id is not found", async ({ page, request, baseURL }) => {
  const organisation = await createOrganisation(request, baseURL!);
  const other = await createOrganisation(request, baseURL!);
  await page.goto(`/o/${organisation.slug}/rights`);
  await page.getByLabel(/^Erasure/).check();
  await page.getByLabel("Email").fill(`nobody-${Date.now()}@example.test`);
  await page.getByRole("button", { name: "Send the request" }).click();
  await expect(page.getByRole("heading", { name: "Enter the code we sent you" })).toBeVisible();
  const id = new URL(page.url()).pathname.split("/").at(-1)!;
  expect((await page.goto(`/o/${other.slug}/rights/${id}`))!.status()).toBe(404);
  expect((await page.goto(`/o/${organisation.slug}/rights/not-a-request`))!.status()).toBe(404);
  await logIn(page, other.email, other.password);
  expect((await page.goto(`/app/${other.slug}/privacy/requests/${id}`))!.status()).toBe(404);
});

test("a breach recorded on the privacy pages shows the 72-hour clock and the people affected", async ({ page, request, baseURL }) => {
  const organisation = await createOrganisation(request, baseURL!, { sampleData: true });
  await logIn(page, organisation.email, organisation.password);
  await page.goto(`/app/${organisation.slug}/privacy/breaches`);
  const local = (date: Date) => date.toISOString().slice(0, 16);
  const now = new Date();
  await page.getByLabel("What happened").fill("A sales laptop was stolen");
  await page.getByLabel("Systems or screens involved").fill("customer list export");
  await page.getByLabel("customers").check();
  await page.getByLabel("leads", { exact: true }).check();
  await page.getByLabel("Discovered at").fill(local(new Date(now.getTime() - 3_600_000)));
  await page.getByLabel("Window from").fill(local(new Date(now.getTime() - 7 * 86_400_000)));
  await page.getByLabel("Window to").fill(local(new Date(now.getTime() + 3_600_000)));
  await page.getByRole("button", { name: "Record the breach" }).click();
  const breach = page.getByRole("region", { name: "Breach: A sales laptop was stolen" });
  await expect(breach).toContainText(/7[01] hours left/);
  // The sample data has one customer and one lead, both written just now.
  await expect(breach).toContainText("About 2 people affected (customers, leads)");
  await page.goto(`/app/${organisation.slug}/privacy`);
  await expect(page.getByText(/1 open; the next notice to the authority is due by/)).toBeVisible();
});
