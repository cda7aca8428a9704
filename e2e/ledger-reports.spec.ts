import { readFile } from "node:fs/promises";
import { expect, logIn, test } from "./fixtures";

test("the owner of new books opens every ledger report and downloads the trial balance", async ({ page, organisation }) => {
  await logIn(page, organisation.email, organisation.password);
  const base = `/app/${organisation.slug}/ledger/reports`;
  await page.goto(base);
  await expect(page.getByRole("heading", { name: "Reports", exact: true })).toBeVisible();

  await page.getByRole("link", { name: "Trial balance" }).click();
  await expect(page.getByRole("heading", { name: "Trial balance", exact: true })).toBeVisible();
  // Dates are shown and typed in the organisation's locale (en-GB), and read back on the server.
  await expect(page.getByLabel("From")).toHaveValue(/^01\/01\/\d{4}$/);
  expect(await page.locator('input[type="date"]').count()).toBe(0);
  const totals = page.getByRole("row", { name: /^Total/ });
  await expect(totals.getByRole("cell")).toHaveText(["", "0.00", "0.00", "0.00", "0.00"]);
  await expect(page.getByText("Debits equal credits")).toBeVisible();

  await page.getByLabel("From").fill("1/1/2025");
  await page.getByLabel("To").fill("31/12/2025");
  await page.getByRole("button", { name: "Show" }).click();
  await expect(page).toHaveURL(/from=1%2F1%2F2025&to=31%2F12%2F2025/);
  await expect(page.getByRole("table", { name: /Trial balance from 01\/01\/2025 to 31\/12\/2025/ })).toBeVisible();
  await expect(page.getByLabel("From")).toHaveValue("01/01/2025");

  const downloading = page.waitForEvent("download");
  await page.getByRole("link", { name: "Download CSV" }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toBe("trial-balance_2025-01-01_2025-12-31.csv");
  const content = await readFile((await download.path())!, "utf8");
  expect(content.startsWith("\uFEFFCode,Account,Type,Opening 2025-01-01 (debit positive),Debit,Credit,Closing 2025-12-31 (debit positive)\r\n")).toBe(true);
  expect(content).toContain(",Total,,0.00,0.00,0.00,0.00\r\n");

  // A malformed date is a 400 with the message beside the field, the page still in the shell.
  const refused = await page.goto(`${base}/trial-balance?from=2025-02-30`);
  expect(refused?.status()).toBe(400);
  await expect(page.getByText("Enter the start date as DD/MM/YYYY, for example 31/12/2026.")).toBeVisible();
  await expect(page.getByRole("navigation", { name: "Main", exact: true })).toBeVisible();

  await page.goto(`${base}/general-ledger`);
  await expect(page.getByRole("heading", { name: "General ledger", exact: true })).toBeVisible();
  await page.getByLabel("Account", { exact: true }).selectOption({ label: "1100 Cash" });
  await page.getByRole("button", { name: "Show" }).click();
  await expect(page.getByRole("heading", { name: "1100 Cash" })).toBeVisible();
  await expect(page.getByRole("row", { name: /Opening balance/ })).toContainText("0.00");
  await expect(page.getByRole("row", { name: /Closing balance/ })).toContainText("0.00");
  // An account that is not this organisation's is not found.
  const missing = await page.goto(`${base}/general-ledger?account=00000000-0000-4000-8000-000000000000`);
  expect(missing?.status()).toBe(404);

  await page.goto(`${base}/party-ledger`);
  await expect(page.getByRole("heading", { name: "Party ledger", exact: true })).toBeVisible();
  await expect(page.getByLabel("Customer or supplier")).toBeVisible();

  await page.goto(base);
  await page.getByRole("link", { name: "Receivables aging" }).click();
  await expect(page.getByRole("heading", { name: "Receivables aging", exact: true })).toBeVisible();
  await expect(page.getByRole("row", { name: /^Total/ }).getByRole("cell")).toHaveText(["0.00", "0.00", "0.00", "0.00", "0.00", "0.00"]);
  await page.getByLabel("Report", { exact: true }).selectOption("supplier");
  await page.getByRole("button", { name: "Show" }).click();
  await expect(page.getByRole("heading", { name: "Payables aging", exact: true })).toBeVisible();

  await page.goto(base);
  await page.getByRole("link", { name: "Profit and loss" }).click();
  await expect(page.getByRole("heading", { name: "Profit and loss", exact: true })).toBeVisible();
  await expect(page.getByRole("row", { name: /Net profit/ })).toContainText("0.00");

  await page.goto(base);
  await page.getByRole("link", { name: "Balance sheet" }).click();
  await expect(page.getByRole("heading", { name: "Balance sheet", exact: true })).toBeVisible();
  await expect(page.getByRole("status")).toContainText("the balance sheet balances");
  await expect(page.getByRole("row", { name: /Total liabilities and equity/ })).toContainText("0.00");
});
