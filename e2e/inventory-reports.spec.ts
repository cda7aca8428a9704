import { expect, logIn, test } from "./fixtures";
import { createItem, fillIssue, postTo, receiveFromItemPage, unique } from "./inventory-helpers";

test("stock as at a past date, the reconciliation with the ledger at zero, an item's units and the negative-stock setting", async ({ page, organisation }) => {
  const sku = `OIL-${unique()}`;
  await logIn(page, organisation.email, organisation.password);
  await createItem(page, organisation, { sku, name: "Olive oil 1 l", cost: "2.50", price: "6.00" });
  const itemUrl = page.url();

  // 10 received on 1 June at 2.50; 4 issued today.
  await receiveFromItemPage(page, sku, { warehouse: "Main warehouse", quantity: "10", cost: "2.50", date: "01/06/2026" });
  await fillIssue(page, organisation, { item: sku, warehouse: "Main warehouse", quantity: "4" });
  await page.getByRole("button", { name: "Issue stock" }).click();
  await expect(page.getByRole("status")).toContainText(`Issued 4 pcs of ${sku}`);

  // Stock as at 30 June, from the overview: the 10 then on hand and their value, and the warehouse's total.
  await page.goto(`/app/${organisation.slug}/inventory`);
  await page.getByRole("link", { name: "Stock as at a date" }).click();
  await expect(page.getByRole("heading", { name: "Stock as at a date" })).toBeVisible();
  await page.getByLabel("As at").fill("30/06/2026");
  await page.getByLabel("Item").fill(sku);
  await page.getByRole("button", { name: "Show" }).click();
  await expect(page).toHaveURL(/date=2026-06-30|date=30%2F06%2F2026/);
  const row = page.getByRole("table", { name: "Stock by item and warehouse at the end of 30/06/2026" }).getByRole("row").filter({ hasText: sku });
  await expect(row).toContainText("10 pcs");
  await expect(row).toContainText("25.00");
  await expect(page.getByRole("table", { name: "Stock per warehouse at the end of 30/06/2026" }).getByRole("row").filter({ hasText: "Main warehouse" })).toContainText("25.00");
  await expect(page.getByRole("link", { name: /Download CSV of the stock as at 30\/06\/2026/ })).toHaveAttribute("href", /\/inventory\/stock\/as-of\.csv\?/);
  // Before the receipt: nothing on hand.
  await page.getByLabel("As at").fill("31/05/2026");
  await page.getByRole("button", { name: "Show" }).click();
  await expect(page.getByRole("table", { name: /Stock by item and warehouse at the end of 31\/05\/2026/ }).getByRole("row").filter({ hasText: sku })).toContainText("0 pcs");

  // The reconciliation: stock value beside the inventory account, difference zero, at the end of June and today.
  await page.goto(`/app/${organisation.slug}/inventory`);
  await page.getByRole("link", { name: "Reconciliation with the ledger" }).click();
  await expect(page.getByRole("heading", { name: "Stock and ledger reconciliation" })).toBeVisible();
  await expect(page.getByRole("status").filter({ hasText: "Stock and the ledger agree" })).toBeVisible();
  await page.getByLabel("As at").fill("30/06/2026");
  await page.getByRole("button", { name: "Reconcile" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Stock and the ledger agree at the end of 30/06/2026." })).toBeVisible();
  await expect(page.getByRole("row").filter({ hasText: "Main warehouse" })).toContainText("25.00");

  // Units: a box of 2.5 pieces is refused beside its factor (a piece has no decimals), a box of 12 is saved.
  await page.goto(itemUrl);
  await page.getByRole("link", { name: "Edit units" }).click();
  await expect(page.getByRole("heading", { name: `Units of ${sku}` })).toBeVisible();
  await page.getByLabel("Unit 1", { exact: true }).fill("box");
  await page.getByLabel("pcs per unit 1").fill("2.5");
  await page.getByLabel("Barcode of unit 1").fill(`77${Date.now()}`.slice(0, 13));
  const refused = postTo(page, /\/units$/);
  await page.getByRole("button", { name: "Save units" }).click();
  expect((await refused).status()).toBe(400);
  await expect(page.getByLabel("pcs per unit 1")).toHaveAttribute("aria-invalid", "true");
  await expect(page.getByText("Unit 1's factor must be a whole number of pcs.")).toBeVisible();
  await expect(page.getByLabel("Unit 1", { exact: true })).toHaveValue("box");
  await page.getByLabel("pcs per unit 1").fill("12");
  await page.getByRole("button", { name: "Save units" }).click();
  await expect(page.getByRole("status")).toContainText(`Units of ${sku} saved.`);
  await expect(page.getByText("Also counted in: box of 12 pcs")).toBeVisible();

  // Negative stock: refused by default; the owner allows it in the inventory settings, and the issue goes through.
  await fillIssue(page, organisation, { item: sku, warehouse: "Main warehouse", quantity: "8" });
  const short = postTo(page, /\/inventory\/issue$/);
  await page.getByRole("button", { name: "Issue stock" }).click();
  expect((await short).status()).toBe(409);
  await page.goto(`/app/${organisation.slug}/inventory`);
  await page.getByRole("link", { name: "Inventory settings" }).click();
  await expect(page.getByRole("heading", { name: "Inventory settings" })).toBeVisible();
  const allow = page.getByLabel(/Allow negative stock/);
  await expect(allow).not.toBeChecked();
  await allow.check();
  await page.getByRole("button", { name: "Save settings" }).click();
  await expect(page.getByRole("status")).toContainText("Negative stock is allowed");
  await expect(page.getByLabel(/Allow negative stock/)).toBeChecked();
  await fillIssue(page, organisation, { item: sku, warehouse: "Main warehouse", quantity: "8" });
  await page.getByRole("button", { name: "Issue stock" }).click();
  await expect(page.getByRole("status")).toContainText(`Issued 8 pcs of ${sku}`);
  await page.goto(itemUrl);
  await expect(page.getByRole("region", { name: "Stock by warehouse" }).getByRole("row").filter({ hasText: "Main warehouse" })).toContainText("-2");
  // The change is in the audit trail.
  await page.goto(`/app/${organisation.slug}/settings/audit`);
  await expect(page.getByText("inventory.settings_updated").first()).toBeVisible();
});
