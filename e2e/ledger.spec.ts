import { randomBytes } from "node:crypto";
import type { Page } from "@playwright/test";
import { createOrganisation, expect, inviteAndJoin, logIn, logOut, test } from "./fixtures";

async function chooseLine(page: Page, line: number, account: string, side: "Debit" | "Credit", amount: string) {
  await page.getByLabel(`Account, line ${line}`).selectOption({ label: account });
  await page.getByLabel(`${side}, line ${line}`).fill(amount);
}

function postTo(page: Page, path: RegExp) {
  return page.waitForResponse((r) => r.request().method() === "POST" && path.test(new URL(r.url()).pathname));
}

test("an owner posts a three-line entry, reverses it once, locks the period and cannot post into it", async ({ page, context, organisation }) => {
  await logIn(page, organisation.email, organisation.password);
  await page.getByRole("navigation", { name: "Main", exact: true }).getByRole("link", { name: "Ledger" }).click();
  await expect(page.getByRole("heading", { name: "Ledger", exact: true })).toBeVisible();
  await page.getByRole("main").getByRole("link", { name: "New journal entry" }).click();
  await expect(page.getByRole("heading", { name: "New journal entry" })).toBeVisible();
  // Once hydrated, the no-JavaScript "Update totals" button goes: the totals follow the inputs.
  await expect(page.getByRole("button", { name: "Update totals" })).toHaveCount(0);

  // Today, in the organisation's locale (en-GB): DD/MM/YYYY.
  const date = await page.getByLabel("Date", { exact: true }).inputValue();
  expect(date).toMatch(/^\d{2}\/\d{2}\/\d{4}$/);
  const year = date.slice(6);
  const month = `${year}-${date.slice(3, 5)}`;
  const monthName = new Intl.DateTimeFormat("en-GB", { month: "long", year: "numeric", timeZone: "UTC" }).format(new Date(`${month}-01T00:00:00Z`));
  await page.getByLabel("Memo").fill("Office rent");
  await chooseLine(page, 1, "6200 Rent", "Debit", "500");
  await chooseLine(page, 2, "1100 Cash", "Credit", "300");
  await expect(page.getByText("Not balanced: debits exceed credits by 200.00 EUR.")).toBeVisible();
  await page.getByRole("button", { name: "Add line" }).click();
  await expect(page.getByLabel("Account, line 3")).toBeFocused();
  await chooseLine(page, 3, "1200 Bank", "Credit", "200");
  await expect(page.getByText("Balanced: debits and credits are both 500.00 EUR.")).toBeVisible();
  await expect(page.getByRole("cell", { name: "Total debits 500.00" })).toBeVisible();
  await expect(page.getByRole("cell", { name: "Total credits 500.00" })).toBeVisible();
  await page.getByRole("button", { name: "Post entry" }).click();

  const first = `JE-${year}-000001`;
  await expect(page.getByRole("heading", { name: first })).toBeVisible();
  await expect(page.getByRole("status")).toContainText(`Posted ${first}.`);
  await expect(page.getByRole("link", { name: "6200 Rent" })).toBeVisible();
  await expect(page.getByRole("row", { name: /1200 Bank/ })).toContainText("200.00");
  const entryUrl = page.url();

  // A second tab still showing the entry, to try a second reversal after the first.
  const stale = await context.newPage();
  await stale.goto(entryUrl);
  await expect(stale.getByRole("button", { name: "Reverse entry" })).toBeVisible();

  await expect(page.getByLabel("Reversal date")).toHaveValue(date);
  await page.getByRole("button", { name: "Reverse entry" }).click();
  const second = `JE-${year}-000002`;
  await expect(page.getByRole("heading", { name: second })).toBeVisible();
  await expect(page.getByText(`This entry reverses ${first}.`)).toBeVisible();
  await expect(page.getByRole("button", { name: "Reverse entry" })).toHaveCount(0);
  await page.getByRole("link", { name: first }).click();
  await expect(page.getByRole("heading", { name: first })).toBeVisible();
  await expect(page.getByText(`Reversed by ${second}.`)).toBeVisible();
  await expect(page.getByRole("button", { name: "Reverse entry" })).toHaveCount(0);

  const refused = postTo(stale, /\/ledger\/entries\/[0-9a-f-]+$/);
  await stale.getByRole("button", { name: "Reverse entry" }).click();
  expect((await refused).status()).toBe(409);
  await expect(stale.getByRole("alert")).toContainText(`${first} was reversed by ${second} already.`);
  await stale.close();

  await page.getByRole("navigation", { name: "Ledger" }).getByRole("link", { name: "Journal entries" }).click();
  await expect(page.getByRole("link", { name: first })).toBeVisible();
  await expect(page.getByRole("link", { name: second })).toBeVisible();

  // Lock the current month; the owner may reopen it, and posting into it is refused.
  await page.getByRole("navigation", { name: "Ledger" }).getByRole("link", { name: "Periods" }).click();
  const current = page.getByRole("row").filter({ hasText: `01/${date.slice(3)}` });
  await current.getByRole("button", { name: /^Lock / }).click();
  await expect(page.getByRole("status")).toContainText(`${monthName} is locked`);
  await expect(current).toContainText("Locked");
  await expect(current.getByRole("button", { name: /^Reopen / })).toBeVisible();

  await page.goto(`/app/${organisation.slug}/ledger/entries/new`);
  await expect(page.getByRole("button", { name: "Update totals" })).toHaveCount(0);
  await chooseLine(page, 1, "6200 Rent", "Debit", "10");
  await chooseLine(page, 2, "1100 Cash", "Credit", "10");
  const locked = postTo(page, /\/ledger\/entries\/new$/);
  await page.getByRole("button", { name: "Post entry" }).click();
  expect((await locked).status()).toBe(409);
  await expect(page.getByText(`The period ${month} is locked: nothing can be posted into it.`)).toBeVisible();
  await expect(page.getByLabel("Debit, line 1")).toHaveValue("10");
});

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("lines are added and removed by the server, and an unbalanced entry is refused with 400 and its values kept", async ({ page, organisation }) => {
    await logIn(page, organisation.email, organisation.password);
    await page.goto(`/app/${organisation.slug}/ledger/entries/new`);
    await page.getByLabel("Memo").fill("Supplies");
    await chooseLine(page, 1, "6400 Office supplies", "Debit", "500");
    await chooseLine(page, 2, "1100 Cash", "Credit", "300");
    await page.getByRole("button", { name: "Add line" }).click();
    await expect(page.getByLabel("Account, line 3")).toBeVisible();
    await expect(page.getByLabel("Debit, line 1")).toHaveValue("500");
    await expect(page.getByLabel("Memo")).toHaveValue("Supplies");
    // The server rendered the totals of what was typed.
    await expect(page.getByText("Not balanced: debits exceed credits by 200.00 EUR.")).toBeVisible();
    await chooseLine(page, 3, "1200 Bank", "Credit", "100");
    await page.getByRole("button", { name: "Add line" }).click();
    await page.getByLabel("Description, line 4").fill("to be removed");
    await page.getByRole("button", { name: "Remove line 4" }).click();
    await expect(page.getByLabel("Account, line 4")).toHaveCount(0);
    await expect(page.getByLabel("Credit, line 3")).toHaveValue("100");

    const refused = postTo(page, /\/ledger\/entries\/new$/);
    await page.getByRole("button", { name: "Post entry" }).click();
    expect((await refused).status()).toBe(400);
    await expect(page.getByRole("alert")).toContainText("Debits exceed credits by 100.00 EUR: the entry must balance.");
    await expect(page.getByLabel("Debit, line 1")).toHaveValue("500");
    await expect(page.getByLabel("Account, line 3").locator("option:checked")).toHaveText("1200 Bank");
    await expect(page.getByLabel("Memo")).toHaveValue("Supplies");

    // An amount that is not a number is reported beside its field; the draft is saved once it is fixed.
    await page.getByLabel("Credit, line 3").fill("1OO");
    await page.getByRole("button", { name: "Save draft" }).click();
    await expect(page.getByText('Line 3: "1OO" is not an amount')).toBeVisible();
    await expect(page.getByLabel("Credit, line 3")).toHaveAttribute("aria-invalid", "true");
    await page.getByLabel("Credit, line 3").fill("100");
    await page.getByRole("button", { name: "Save draft" }).click();
    await expect(page.getByRole("heading", { name: "Journal draft" })).toBeVisible();
    await expect(page.getByRole("status")).toContainText("Draft saved.");
    await expect(page.getByLabel("Credit, line 3")).toHaveValue("100.00");

    await page.goto(`/app/${organisation.slug}/ledger/entries`);
    await page.getByRole("link", { name: /draft: Supplies/ }).click();

    // Posting the draft, once balanced, numbers it and removes it from the open drafts.
    const year = (await page.getByLabel("Date", { exact: true }).inputValue()).slice(6);
    await page.getByLabel("Credit, line 3").fill("200");
    await page.getByRole("button", { name: "Post entry" }).click();
    await expect(page.getByRole("heading", { name: `JE-${year}-000001` })).toBeVisible();
    await expect(page.getByRole("row", { name: /1200 Bank/ })).toContainText("200.00");
    await page.goto(`/app/${organisation.slug}/ledger/entries`);
    await expect(page.getByRole("link", { name: `JE-${year}-000001` })).toBeVisible();
    await expect(page.getByRole("heading", { name: "Open drafts" })).toHaveCount(0);
  });
});

test("a viewer reads the ledger but cannot write to it, and another organisation's records answer 404", async ({ page, organisation, request, baseURL }) => {
  const viewerEmail = `viewer-${randomBytes(4).toString("hex")}@example.test`;
  await logIn(page, organisation.email, organisation.password);
  await page.goto(`/app/${organisation.slug}/ledger/accounts`);
  const cashHref = await page.getByRole("link", { name: "Cash", exact: true }).getAttribute("href");
  await inviteAndJoin(page, organisation, { email: viewerEmail, role: "viewer", name: "Vera Viewer", password: "read only ledger 2026" });

  await page.goto(`/app/${organisation.slug}/ledger`);
  await expect(page.getByRole("heading", { name: "Ledger", exact: true })).toBeVisible();
  await expect(page.getByRole("link", { name: "New journal entry" })).toHaveCount(0);
  await page.goto(`/app/${organisation.slug}/ledger/periods`);
  await expect(page.getByRole("button", { name: /^Lock / })).toHaveCount(0);
  expect((await page.goto(`/app/${organisation.slug}/ledger/entries/new`))?.status()).toBe(403);
  const origin = { Origin: baseURL! };
  const post = await page.request.post(`/app/${organisation.slug}/ledger/periods`, { form: { intent: "lock", period: "2020-01-01" }, headers: origin });
  expect(post.status()).toBe(403);

  // Another organisation's account and a made-up entry: 404, like anything that does not exist.
  const other = await createOrganisation(request, baseURL!);
  expect((await page.goto(`/app/${other.slug}/ledger/accounts`))?.status()).toBe(404);
  const cashId = cashHref!.split("/").pop()!;
  await page.goto(`/app/${organisation.slug}`);
  await logOut(page);
  await logIn(page, other.email, other.password);
  expect((await page.goto(`/app/${other.slug}/ledger/accounts/${cashId}`))?.status()).toBe(404);
  expect((await page.goto(`/app/${other.slug}/ledger/entries/${cashId}`))?.status()).toBe(404);
  expect((await page.goto(`/app/${other.slug}/ledger/drafts/${cashId}`))?.status()).toBe(404);
  expect((await page.goto(`/app/${other.slug}/ledger/entries/not-an-id`))?.status()).toBe(404);
});

test("ten concurrent Post entry submissions of one draft post it once and all land on the posted entry", async ({ page, baseURL, organisation }) => {
  await logIn(page, organisation.email, organisation.password);
  await page.goto(`/app/${organisation.slug}/ledger/entries/new`);
  const year = (await page.getByLabel("Date", { exact: true }).inputValue()).slice(6);
  await page.getByLabel("Memo").fill("Float to the till");
  await chooseLine(page, 1, "1100 Cash", "Debit", "40");
  await chooseLine(page, 2, "1200 Bank", "Credit", "40");
  await page.getByRole("button", { name: "Save draft" }).click();
  await expect(page.getByRole("heading", { name: "Journal draft" })).toBeVisible();

  // The draft's form as the page rendered it, token included, sent ten times at once as "Post entry".
  const form = page.locator("form").filter({ has: page.getByRole("button", { name: "Post entry" }) });
  const fields = await form.evaluate((element) => Object.fromEntries(new FormData(element as HTMLFormElement)) as Record<string, string>);
  expect(fields.idempotencyToken).toMatch(/^[0-9a-f-]{36}$/);
  const responses = await Promise.all(
    Array.from({ length: 10 }, () => page.request.post(page.url(), { form: { ...fields, intent: "post" }, headers: { Origin: baseURL! }, maxRedirects: 0 })),
  );
  expect(responses.map((r) => r.status())).toEqual(Array(10).fill(302));
  const targets = new Set(responses.map((r) => r.headers().location));
  expect(targets.size).toBe(1);

  await page.goto([...targets][0]);
  await expect(page.getByRole("heading", { name: `JE-${year}-000001` })).toBeVisible();
  await page.goto(`/app/${organisation.slug}/ledger/entries`);
  await expect(page.getByRole("link", { name: `JE-${year}-000001` })).toBeVisible();
  await expect(page.getByRole("link", { name: `JE-${year}-000002` })).toHaveCount(0);
});
