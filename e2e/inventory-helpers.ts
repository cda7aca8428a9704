import { randomBytes } from "node:crypto";
import type { Page } from "@playwright/test";
import { expect, type Organisation } from "./fixtures";

export const unique = () => randomBytes(3).toString("hex").toUpperCase();

export function postTo(page: Page, path: RegExp) {
  return page.waitForResponse((r) => r.request().method() === "POST" && path.test(new URL(r.url()).pathname));
}

/** Creates a warehouse from its form; ends on the warehouses list. */
export async function createWarehouse(page: Page, organisation: Organisation, code: string, name: string) {
  await page.goto(`/app/${organisation.slug}/inventory/warehouses/new`);
  await page.getByLabel("Code").fill(code);
  await page.getByLabel("Name").fill(name);
  await page.getByRole("button", { name: "Create warehouse" }).click();
  await expect(page.getByRole("status")).toContainText(`Warehouse ${name} created.`);
}

/** Creates a stock item from its form; ends on its page. */
export async function createItem(
  page: Page,
  organisation: Organisation,
  item: {
    sku: string;
    name: string;
    barcode?: string;
    cost?: string;
    price?: string;
    reorderLevel?: string;
    reorderQty?: string;
  },
) {
  await page.goto(`/app/${organisation.slug}/inventory/items/new`);
  await page.getByLabel("SKU").fill(item.sku);
  await page.getByLabel("Name", { exact: true }).fill(item.name);
  if (item.barcode) await page.getByLabel("Barcode").fill(item.barcode);
  await page.getByLabel("Sale price").fill(item.price ?? "4.00");
  await page.getByLabel("Standard cost").fill(item.cost ?? "2.50");
  if (item.reorderLevel) await page.getByLabel("Reorder level").fill(item.reorderLevel);
  if (item.reorderQty) await page.getByLabel("Reorder quantity").fill(item.reorderQty);
  await page.getByRole("button", { name: "Create item" }).click();
  await expect(page.getByRole("heading", { name: item.name })).toBeVisible();
  await expect(page.getByRole("status")).toContainText(`Item ${item.sku} created.`);
}

/** Receives stock through the item page's "Receive stock" link, the item filled in; ends on the item's page. */
export async function receiveFromItemPage(page: Page, sku: string, line: { warehouse: string; quantity: string; cost: string; date?: string }) {
  await page.getByRole("link", { name: "Receive stock" }).click();
  await expect(page.getByLabel("Item")).toHaveValue(sku);
  await page.getByLabel("Warehouse").selectOption({ label: line.warehouse });
  await page.getByLabel("Quantity").fill(line.quantity);
  await page.getByLabel("Unit cost").fill(line.cost);
  if (line.date) await page.getByLabel("Date", { exact: true }).fill(line.date);
  await page.getByRole("button", { name: "Receive stock" }).click();
  await expect(page.getByRole("status")).toContainText(`Received ${line.quantity} pcs of ${sku}`);
}

/** Opens the issue form and fills it in, without sending it. */
export async function fillIssue(page: Page, organisation: Organisation, line: { item: string; warehouse: string; quantity: string }) {
  await page.goto(`/app/${organisation.slug}/inventory/issue`);
  await page.getByLabel("Item").fill(line.item);
  await page.getByLabel("Warehouse").selectOption({ label: line.warehouse });
  await page.getByLabel("Quantity").fill(line.quantity);
}
