import { createOrganisation, expect, inviteAndJoin, logIn, logOut, test } from "./fixtures";
import { createItem, createWarehouse, postTo, unique } from "./inventory-helpers";

test("items and warehouses: created, refused beside the field, edited, found by a scanned barcode; other organisations get 404", async ({
  page,
  organisation,
  request,
  baseURL,
}) => {
  const sku = `RICE-${unique()}`;
  const barcode = `50${Date.now()}`.slice(0, 13);
  await logIn(page, organisation.email, organisation.password);
  await page.getByRole("navigation", { name: "Main", exact: true }).getByRole("link", { name: "Inventory" }).click();
  await expect(page.getByRole("heading", { name: "Inventory", exact: true })).toBeVisible();
  await expect(page.getByText("no inventory records yet")).toHaveCount(0);
  await page.getByRole("navigation", { name: "Inventory" }).getByRole("link", { name: "Warehouses" }).click();
  await expect(page.getByRole("row").filter({ hasText: "Main warehouse" })).toContainText("Default");

  await createWarehouse(page, organisation, "SHOP", "Corner shop");
  // A second warehouse with the same code is refused beside the code, the values kept.
  await page.goto(`/app/${organisation.slug}/inventory/warehouses/new`);
  await page.getByLabel("Code").fill("SHOP");
  await page.getByLabel("Name").fill("Another shop");
  const duplicate = postTo(page, /\/inventory\/warehouses\/new$/);
  await page.getByRole("button", { name: "Create warehouse" }).click();
  expect((await duplicate).status()).toBe(409);
  await expect(page.getByLabel("Code")).toHaveAttribute("aria-invalid", "true");
  await expect(page.getByText("Another warehouse already has the code SHOP.")).toBeVisible();
  await expect(page.getByLabel("Name")).toHaveValue("Another shop");

  await createItem(page, organisation, {
    sku,
    name: "Basmati rice 1 kg",
    barcode,
    cost: "1.10",
    price: "2.49",
    reorderLevel: "10",
    reorderQty: "40",
  });
  const itemUrl = page.url();
  await expect(page.getByText("Standard cost")).toBeVisible();

  // The same SKU again: refused beside the SKU.
  await page.goto(`/app/${organisation.slug}/inventory/items/new`);
  await page.getByLabel("SKU").fill(sku);
  await page.getByLabel("Name", { exact: true }).fill("Rice again");
  await page.getByLabel("Sale price").fill("2.4.9");
  await page.getByRole("button", { name: "Create item" }).click();
  await expect(page.getByLabel("Sale price")).toHaveAttribute("aria-invalid", "true");
  await page.getByLabel("Sale price").fill("2.49");
  await page.getByRole("button", { name: "Create item" }).click();
  await expect(page.getByText(`Another item already has the SKU ${sku}.`)).toBeVisible();
  await expect(page.getByLabel("SKU")).toHaveAttribute("aria-invalid", "true");

  // Edit: a new name and price.
  await page.goto(itemUrl);
  await page.getByRole("link", { name: "Edit item" }).click();
  await expect(page.getByLabel("Sale price")).toHaveValue("2.49");
  await page.getByLabel("Name", { exact: true }).fill("Basmati rice 1 kg bag");
  await page.getByLabel("Sale price").fill("2.59");
  await page.getByRole("button", { name: "Save item" }).click();
  await expect(page.getByRole("status")).toContainText(`Item ${sku} saved.`);
  await expect(page.getByRole("heading", { name: "Basmati rice 1 kg bag" })).toBeVisible();
  await expect(page.getByText("2.59")).toBeVisible();

  // No stock, with a reorder level: on the reorder report with its reorder quantity.
  await page.goto(`/app/${organisation.slug}/inventory/reorder`);
  await expect(page.getByRole("row").filter({ hasText: sku })).toContainText("40 pcs");

  // A keyboard-wedge scanner types the barcode into the search and presses Enter: the item opens.
  await page.goto(`/app/${organisation.slug}/inventory/items`);
  const search = page.getByRole("searchbox", { name: "Search or scan" });
  await search.fill(barcode);
  await search.press("Enter");
  await expect(page).toHaveURL(itemUrl);
  // A part of the name lists the items that match.
  await page.goto(`/app/${organisation.slug}/inventory/items?q=basmati`);
  await expect(page.getByRole("link", { name: sku })).toBeVisible();

  // Another organisation's owner: this item is a 404 there, as are a made-up id and one that is not an id.
  const itemId = itemUrl.split("/").pop()!;
  await page.goto(`/app/${organisation.slug}`);
  await logOut(page);
  const other = await createOrganisation(request, baseURL!);
  await logIn(page, other.email, other.password);
  for (const path of [`items/${itemId}`, `items/${itemId}/edit`, "items/not-an-id", "items/00000000-0000-4000-8000-000000000000"]) {
    expect((await page.goto(`/app/${other.slug}/inventory/${path}`))?.status(), path).toBe(404);
  }
  expect((await page.goto(`/app/${organisation.slug}/inventory/items/${itemId}`))?.status()).toBe(404);
});

test("a viewer reads items but cannot create or edit them (403), and a salesman sees prices but no cost", async ({ page, organisation, baseURL }) => {
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

  await inviteAndJoin(page, organisation, {
    email: `viewer-${unique().toLowerCase()}@example.test`,
    role: "viewer",
    name: "Vera Viewer",
    password: "read only stock 2026",
  });
  await page.goto(itemUrl);
  await expect(page.getByRole("heading", { name: "Apricot jam 450 g" })).toBeVisible();
  await expect(page.getByRole("link", { name: "Edit item" })).toHaveCount(0);
  await page.goto(`/app/${organisation.slug}/inventory/items`);
  await expect(page.getByRole("link", { name: "New item" })).toHaveCount(0);
  for (const path of ["items/new", "warehouses/new", `items/${itemId}/edit`]) {
    expect((await page.goto(`/app/${organisation.slug}/inventory/${path}`))?.status(), path).toBe(403);
  }
  const post = await page.request.post(`/app/${organisation.slug}/inventory/items/new`, { form: { sku: "X", name: "Y" }, headers: { Origin: baseURL! } });
  expect(post.status()).toBe(403);
  await logOut(page);

  await logIn(page, organisation.email, organisation.password);
  await inviteAndJoin(page, organisation, {
    email: `salesman-${unique().toLowerCase()}@example.test`,
    role: "salesman",
    name: "Sam Salesman",
    password: "sells the stock 2026",
  });
  await page.goto(`/app/${organisation.slug}/inventory/items`);
  const row = page.getByRole("row").filter({ hasText: sku });
  await expect(row).toContainText("3.20");
  await expect(page.getByRole("columnheader", { name: "Cost" })).toHaveCount(0);
  await expect(row).not.toContainText("1.75");
  await page.goto(itemUrl);
  await expect(page.getByText("Standard cost")).toHaveCount(0);
  // Nor in the pages' data: the cost never leaves the server.
  for (const url of [itemUrl, `/app/${organisation.slug}/inventory/items`]) {
    const html = await (await page.request.get(url)).text();
    expect(html, url).not.toContain("175");
    expect(html, url).not.toContain("1.75");
  }
  expect((await page.goto(`/app/${organisation.slug}/inventory/items/new`))?.status()).toBe(403);
});
