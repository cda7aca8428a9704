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
