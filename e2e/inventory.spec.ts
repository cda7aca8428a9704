import type { Page } from "@playwright/test";
import { createOrganisation, expect, inviteAndJoin, logIn, logOut, test } from "./fixtures";
import { createItem, createWarehouse, postTo, receiveFromItemPage, unique } from "./inventory-helpers";

function stockRow(page: Page, warehouse: string) {
  return page.getByRole("region", { name: "Stock by warehouse" }).getByRole("row").filter({ hasText: warehouse });
}

test("a storekeeper's day: receive, an issue refused for lack of stock, an issue, a transfer and a count with an adjustment", async ({
  page,
  organisation,
}) => {
  const sku = `TEA-${unique()}`;
  const barcode = `40${Date.now()}`.slice(0, 13);
  await logIn(page, organisation.email, organisation.password);
  await page.getByRole("navigation", { name: "Main", exact: true }).getByRole("link", { name: "Inventory" }).click();
  await expect(page.getByRole("heading", { name: "Inventory", exact: true })).toBeVisible();
  await expect(page.getByText("no inventory records yet")).toHaveCount(0);

  await createWarehouse(page, organisation, "SHOP", "Corner shop");
  await createItem(page, organisation, {
    sku,
    name: "Green tea 100 bags",
    barcode,
    cost: "2.50",
    price: "4.00",
    reorderLevel: "5",
    reorderQty: "20",
  });
  const itemUrl = page.url();

  // Receive 10 into the main warehouse, at 2.50 each.
  await receiveFromItemPage(page, sku, { warehouse: "Main warehouse", quantity: "10", cost: "2.50" });
  await expect(page).toHaveURL(itemUrl);
  await expect(stockRow(page, "Main warehouse")).toContainText("10");
  await expect(stockRow(page, "Main warehouse")).toContainText("25.00");

  // Issue 15: refused beside the quantity, with what is available; nothing written.
  await page.goto(`/app/${organisation.slug}/inventory/issue`);
  await page.getByLabel("Item").fill(barcode);
  // A scanner's Enter moves on to the next field rather than sending the form.
  await page.getByLabel("Item").press("Enter");
  await expect(page.getByLabel("Warehouse")).toBeFocused();
  await page.getByLabel("Warehouse").selectOption({ label: "Main warehouse" });
  await page.getByLabel("Quantity").fill("15");
  const refused = postTo(page, /\/inventory\/issue$/);
  await page.getByRole("button", { name: "Issue stock" }).click();
  expect((await refused).status()).toBe(409);
  const quantity = page.getByLabel("Quantity");
  await expect(quantity).toHaveAttribute("aria-invalid", "true");
  await expect(page.getByText(/Not enough .*: 10 pcs (on hand|available)/)).toBeVisible();
  await expect(quantity).toHaveValue("15");
  await quantity.fill("4");
  await page.getByRole("button", { name: "Issue stock" }).click();
  await expect(page.getByRole("status")).toContainText(`Issued 4 pcs of ${sku}`);

  // Transfer 3 to the shop.
  await page.goto(`/app/${organisation.slug}/inventory/transfer`);
  await page.getByLabel("Item").fill(sku);
  await page.getByLabel("From warehouse").selectOption({ label: "Main warehouse" });
  await page.getByLabel("To warehouse").selectOption({ label: "Corner shop" });
  await page.getByLabel("Quantity").fill("3");
  await page.getByRole("button", { name: "Transfer stock" }).click();
  await expect(page.getByRole("status")).toContainText(`Transferred 3 pcs of ${sku}`);
  await page.goto(itemUrl);
  await expect(stockRow(page, "Main warehouse")).toContainText("3");
  await expect(stockRow(page, "Corner shop")).toContainText("3");

  // Count the shop: 2 found of the 3 the books hold; the difference is reviewed, then posted as an adjustment.
  await page.goto(`/app/${organisation.slug}/inventory/counts`);
  await page.getByLabel("Warehouse").selectOption({ label: "Corner shop" });
  await page.getByRole("button", { name: "Start count" }).click();
  await expect(page.getByRole("heading", { name: /Count of Corner shop/ })).toBeVisible();
  await page.getByLabel(`Counted, ${sku}`).fill("2");
  await page.getByRole("button", { name: "Review differences" }).click();
  const line = page.getByRole("region", { name: "Differences" }).getByRole("row").filter({ hasText: sku });
  await expect(line).toContainText("-1");
  await page.getByRole("button", { name: "Post adjustments" }).click();
  await expect(page.getByRole("status")).toContainText("Count posted: 1 adjustment.");
  await page.goto(itemUrl);
  await expect(stockRow(page, "Corner shop")).toContainText("2");
  const history = page.getByRole("region", { name: "Move history" });
  for (const kind of ["Receipt", "Issue", "Transfer out", "Transfer in", "Count"])
    await expect(history.getByRole("cell", { name: kind, exact: true }).first()).toBeVisible();

  // The move ledger filters by warehouse.
  await page.goto(`/app/${organisation.slug}/inventory/moves`);
  await page.getByLabel("Warehouse").selectOption({ label: "Corner shop" });
  await page.getByRole("button", { name: "Filter" }).click();
  await expect(page.getByRole("table", { name: "Stock moves, newest first" }).getByRole("row").filter({ hasText: sku })).toHaveCount(2);

  // 3 in the main warehouse and 2 in the shop: at its reorder level of 5, so listed to reorder its 20.
  await page.goto(`/app/${organisation.slug}/inventory/reorder`);
  const reorder = page.getByRole("row").filter({ hasText: sku });
  await expect(reorder).toContainText("5 pcs");
  await expect(reorder).toContainText("20 pcs");
  await page.goto(`/app/${organisation.slug}`);
  await expect(page.getByRole("region", { name: "To reorder" }).getByRole("link", { name: sku })).toBeVisible();

  // The items search takes a scanned barcode and opens the item.
  await page.goto(`/app/${organisation.slug}/inventory/items`);
  await page.getByRole("searchbox", { name: "Search or scan" }).fill(barcode);
  await page.getByRole("searchbox", { name: "Search or scan" }).press("Enter");
  await expect(page).toHaveURL(itemUrl);

  // An adjustment needs its reason, said beside the field; with it, 2 found behind a pallet are added.
  await page.goto(`/app/${organisation.slug}/inventory/adjust?item=${itemUrl.split("/").pop()}`);
  await page.getByLabel("Quantity").fill("2");
  const noReason = postTo(page, /\/inventory\/adjust$/);
  await page.getByRole("button", { name: "Adjust stock" }).click();
  expect((await noReason).status()).toBe(400);
  await expect(page.getByLabel("Reason")).toHaveAttribute("aria-invalid", "true");
  await page.getByLabel("Reason").fill("Found behind a pallet");
  await page.getByRole("button", { name: "Adjust stock" }).click();
  await expect(page.getByRole("status")).toContainText(`Adjusted ${sku} by 2 pcs.`);
  await expect(stockRow(page, "Main warehouse")).toContainText("5");
  await expect(page.getByRole("region", { name: "Move history" }).getByRole("cell", { name: "Adjustment", exact: true })).toBeVisible();
});

test("a viewer reads inventory but gets no stock forms (403), a salesman sees availability but no cost, and another organisation's item is a 404", async ({
  page,
  organisation,
  request,
  baseURL,
}) => {
  const sku = `JAM-${unique()}`;
  await logIn(page, organisation.email, organisation.password);
  await createItem(page, organisation, {
    sku,
    name: "Apricot jam 450 g",
    cost: "1.75",
    price: "3.20",
  });
  const itemUrl = page.url();
  const itemId = itemUrl.split("/").pop()!;
  await page.getByRole("link", { name: "Receive stock" }).click();
  await page.getByLabel("Quantity").fill("8");
  await page.getByLabel("Unit cost").fill("1.75");
  await page.getByRole("button", { name: "Receive stock" }).click();
  await expect(page.getByRole("status")).toContainText(`Received 8 pcs of ${sku}`);

  const viewerEmail = `viewer-${unique().toLowerCase()}@example.test`;
  await inviteAndJoin(page, organisation, {
    email: viewerEmail,
    role: "viewer",
    name: "Vera Viewer",
    password: "read only stock 2026",
  });
  await page.goto(`/app/${organisation.slug}/inventory`);
  await expect(page.getByRole("heading", { name: "Inventory", exact: true })).toBeVisible();
  await expect(page.getByRole("link", { name: /Receive/ })).toHaveCount(0);
  await page.goto(itemUrl);
  await expect(page.getByRole("heading", { name: "Apricot jam 450 g" })).toBeVisible();
  await expect(page.getByRole("link", { name: "Edit item" })).toHaveCount(0);
  await expect(page.getByRole("link", { name: "Receive stock" })).toHaveCount(0);
  for (const path of ["receive", "issue", "transfer", "adjust", "counts", "items/new", "warehouses/new", `items/${itemId}/edit`]) {
    expect((await page.goto(`/app/${organisation.slug}/inventory/${path}`))?.status(), path).toBe(403);
  }
  const origin = { Origin: baseURL! };
  const post = await page.request.post(`/app/${organisation.slug}/inventory/issue`, { form: { item: sku, quantity: "1" }, headers: origin });
  expect(post.status()).toBe(403);
  await logOut(page);

  await logIn(page, organisation.email, organisation.password);
  const salesmanEmail = `salesman-${unique().toLowerCase()}@example.test`;
  await inviteAndJoin(page, organisation, {
    email: salesmanEmail,
    role: "salesman",
    name: "Sam Salesman",
    password: "sells the stock 2026",
  });
  await page.goto(`/app/${organisation.slug}/inventory/items`);
  const row = page.getByRole("row").filter({ hasText: sku });
  await expect(row).toContainText("8");
  await expect(row).toContainText("3.20");
  await expect(page.getByRole("columnheader", { name: "Cost" })).toHaveCount(0);
  await expect(row).not.toContainText("1.75");
  const detail = await page.goto(itemUrl);
  expect(detail?.status()).toBe(200);
  await expect(page.getByRole("region", { name: "Stock by warehouse" })).toContainText("Available");
  await expect(page.getByRole("region", { name: "Stock by warehouse" })).not.toContainText("Value");
  // Nor in the page's data: the cost never leaves the server.
  const html = await (await page.request.get(itemUrl)).text();
  expect(html).not.toContain("1.75");
  expect(html).not.toContain("14.00");
  await page.goto(`/app/${organisation.slug}/inventory/stock`);
  await expect(page.getByRole("columnheader", { name: "Value" })).toHaveCount(0);
  expect((await page.goto(`/app/${organisation.slug}/inventory/receive`))?.status()).toBe(403);
  await logOut(page);

  // Another organisation's owner: this item is a 404 there, as is a made-up id.
  const other = await createOrganisation(request, baseURL!);
  await logIn(page, other.email, other.password);
  for (const path of [`items/${itemId}`, `items/${itemId}/edit`, `items/not-an-id`, `items/00000000-0000-4000-8000-000000000000`]) {
    expect((await page.goto(`/app/${other.slug}/inventory/${path}`))?.status(), path).toBe(404);
  }
  expect((await page.goto(`/app/${organisation.slug}/inventory/items/${itemId}`))?.status()).toBe(404);
});
