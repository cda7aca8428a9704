import { createOrganisation, expect, logIn, test } from "./fixtures";

/*
 * Every query parameter of the report pages and their downloads goes through the one filter schema: what does
 * not parse is a 400 with a message, or is ignored with a notice; another organisation's id is a 404 as
 * anywhere else; never a 500.
 */

const PAGES = ["trial-balance", "general-ledger", "party-ledger", "aging", "profit-and-loss", "balance-sheet"];
const PARAMETERS = ["from", "to", "asOf", "account", "party", "kind", "cursor"];
const BAD_VALUES = ["%00", "2025-01-01%00", "%01%1F%7F", "0000-00-00", "0000-01-01", "2026-13-45", "1e30", "9999-12-31", "-1", "%E0%A4%A", "x".repeat(3000)];

test("report filters that do not parse are refused or ignored, never a 500", async ({ page, request, baseURL, organisation }) => {
  // About 900 requests: a few minutes on a busy machine.
  test.setTimeout(420_000);
  // Another organisation's account, to ask for by id.
  const other = await createOrganisation(request, baseURL!);
  await logIn(page, other.email, other.password);
  await page.goto(`/app/${other.slug}/ledger/reports/general-ledger`);
  const theirAccount = await page.getByLabel("Account", { exact: true }).locator("option").nth(1).getAttribute("value");
  expect(theirAccount).toMatch(/^[0-9a-f-]{36}$/);
  await page.context().clearCookies();

  await logIn(page, organisation.email, organisation.password);
  const base = `/app/${organisation.slug}/ledger/reports`;
  const ourAccount = await (async () => {
    await page.goto(`${base}/general-ledger`);
    return page.getByLabel("Account", { exact: true }).locator("option").nth(1).getAttribute("value");
  })();

  const statuses = new Map<number, number>();
  for (const report of PAGES) {
    for (const suffix of ["", ".csv"]) {
      for (const parameter of PARAMETERS) {
        for (const value of BAD_VALUES) {
          // The ledgers need their subject for the other parameters to matter.
          const subject = report === "general-ledger" && parameter !== "account" ? `account=${ourAccount}&` : "";
          const response = await page.request.get(`${base}/${report}${suffix}?${subject}${parameter}=${value}`, { maxRedirects: 0 });
          const status = response.status();
          statuses.set(status, (statuses.get(status) ?? 0) + 1);
          expect([200, 400, 404], `${report}${suffix}?${parameter}=${value.slice(0, 20)}: ${status}`).toContain(status);
        }
      }
    }
  }
  expect(statuses.get(400)).toBeGreaterThan(0);

  // Malformed and out-of-range dates and backwards ranges: 400, with the message beside the field on the page.
  for (const [query, message] of [
    // The organisation writes dates the British way: a date it cannot read is refused in that pattern.
    ["from=0000-00-00", "Enter the start date as DD/MM/YYYY, for example 31/12/2026."],
    ["to=2026-13-45", "Enter the end date as DD/MM/YYYY, for example 31/12/2026."],
    ["from=0000-01-01", "Enter the start date as DD/MM/YYYY, for example 31/12/2026."],
    ["from=1800-01-01", "Enter the start date as a date from 1900 to 2999."],
    ["from=1e30", "Enter the start date as DD/MM/YYYY, for example 31/12/2026."],
    ["from=2026-02-01&to=2026-01-01", "The end date must be on or after the start date."],
  ] as const) {
    const refused = await page.goto(`${base}/trial-balance?${query}`);
    expect(refused?.status(), query).toBe(400);
    await expect(page.getByText(message)).toBeVisible();
    const download = await page.request.get(`${base}/trial-balance.csv?${query}`);
    expect(download.status(), `csv ${query}`).toBe(400);
    expect(await download.text()).toContain(message);
  }

  // What is navigation rather than input is ignored, and the page says so.
  // (A control character in the address is refused before any page reads it: e2e/sweep.spec.ts.)
  const aging = await page.goto(`${base}/aging?kind=wholesale`);
  expect(aging?.status()).toBe(200);
  await expect(page.getByRole("status").filter({ hasText: "showing receivables" })).toBeVisible();
  await expect(page.getByRole("heading", { name: "Receivables aging", exact: true })).toBeVisible();
  const ledger = await page.goto(`${base}/general-ledger?account=${ourAccount}&cursor=1e30`);
  expect(ledger?.status()).toBe(200);
  await expect(page.getByText("showing the first page")).toBeVisible();

  // Another organisation's account, or a party that is not ours: not found, on the page and for the download.
  expect((await page.goto(`${base}/general-ledger?account=${theirAccount}`))?.status()).toBe(404);
  expect((await page.request.get(`${base}/general-ledger.csv?account=${theirAccount}`)).status()).toBe(404);
  expect((await page.request.get(`${base}/party-ledger.csv?party=00000000-0000-4000-8000-000000000000`)).status()).toBe(404);
  // A download with nothing chosen says what to choose.
  const nothing = await page.request.get(`${base}/general-ledger.csv`);
  expect(nothing.status()).toBe(400);
  expect(await nothing.text()).toContain("Choose an account to export.");
});
