import ExcelJS from "exceljs";
import { createOrganisation, expect, logIn, test } from "./fixtures";

const BAD_ITEMS = "sku,name,sale_price,unit\nNAIL-1,Nails,1.50,kg\nSCREW-1,,2.00,pcs\nNAIL-1,Nails again,1.60,kg\n";
const GOOD_ITEMS = "sku,name,sale_price,unit\nNAIL-1,Nails,1.50,kg\nSCREW-1,Screws,2.00,pcs\nBOLT-1,Bolts,0.40,pcs\n";

test("an import with error rows is refused with each row named, then the corrected file is previewed and imported", async ({ page, organisation, request, baseURL }) => {
  await logIn(page, organisation.email, organisation.password);
  await page.goto(`/app/${organisation.slug}/inventory/import`);
  await expect(page.getByRole("heading", { name: "Import", exact: true })).toBeVisible();

  // A file with an empty name on line 3 and a repeated SKU on line 4.
  await page.getByLabel("The file holds").selectOption("items");
  await page.getByLabel("File (.csv or .xlsx)").setInputFiles({ name: "items.csv", mimeType: "text/csv", buffer: Buffer.from(BAD_ITEMS) });
  await page.getByRole("button", { name: "Upload and check" }).click();
  await expect(page.getByRole("heading", { name: "Import of items.csv" })).toBeVisible();
  await expect(page.getByRole("alert").filter({ hasText: "2 problems found. Nothing was imported." })).toBeVisible();
  const problems = page.getByRole("table", { name: "Problems in the file" });
  await expect(problems.getByRole("row")).toHaveCount(3);
  await expect(problems.getByRole("row").nth(1)).toContainText("3name");
  await expect(problems.getByRole("row").nth(1)).toContainText("The name is required.");
  await expect(problems.getByRole("row").nth(2)).toContainText("4sku");
  await expect(problems.getByRole("row").nth(2)).toContainText("The SKU NAIL-1 is already on line 2");
  await expect(page.getByRole("button", { name: /^Import \d/ })).toHaveCount(0);

  // Nothing was written: the items download has its header only.
  const empty = await page.request.get(`/app/${organisation.slug}/inventory/items.csv?status=all`);
  expect(empty.status()).toBe(200);
  expect((await empty.text()).trim().split("\r\n")).toHaveLength(1);

  // The corrected file, as .xlsx: previewed, then imported; the page follows the work and survives a reload.
  await page.getByRole("link", { name: "upload it again" }).click();
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet("Items");
  for (const line of GOOD_ITEMS.trim().split("\n")) sheet.addRow(line.split(","));
  await page.getByLabel("File (.csv or .xlsx)").setInputFiles({
    name: "items-fixed.xlsx",
    mimeType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    buffer: Buffer.from(await workbook.xlsx.writeBuffer()),
  });
  await page.getByRole("button", { name: "Upload and check" }).click();
  await expect(page.getByRole("heading", { name: "Import of items-fixed.xlsx" })).toBeVisible();
  await expect(page.getByText("Every row is correct: 3 items will be imported")).toBeVisible();
  const preview = page.getByRole("table", { name: "The first rows to import" });
  await expect(preview.getByRole("row")).toHaveCount(4);
  await expect(preview.getByRole("row").nth(2)).toContainText("SCREW-1Screws");
  await page.reload();
  await page.getByRole("button", { name: "Import 3 items" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Imported 3 items." })).toBeVisible();
  await page.reload();
  await expect(page.getByRole("status").filter({ hasText: "Imported 3 items." })).toBeVisible();
  // The import under another organisation's address is a 404, as is a malformed id.
  const importUrl = new URL(page.url()).pathname;
  const other = await createOrganisation(request, baseURL!);
  expect((await page.request.get(importUrl.replace(organisation.slug, other.slug))).status()).toBe(404);
  expect((await page.request.get(`/app/${organisation.slug}/inventory/import/not-an-id`)).status()).toBe(404);

  // The items are there, as the downloads the items page links to show, in CSV and .xlsx, filtered as the list is.
  await page.goto(`/app/${organisation.slug}/inventory/items?q=NAIL`);
  await expect(page.getByRole("row", { name: /NAIL-1/ })).toBeVisible();
  const filteredDownload = page.waitForEvent("download");
  await page.getByRole("link", { name: "Download CSV of the items" }).click();
  const filteredCsv = await (await filteredDownload).createReadStream();
  const filteredText = await new Promise<string>((resolve) => {
    let text = "";
    filteredCsv.on("data", (chunk) => (text += chunk));
    filteredCsv.on("end", () => resolve(text));
  });
  expect(filteredText.trim().split("\r\n").slice(1).map((line) => line.split(",")[0])).toEqual(["NAIL-1"]);
  await expect(page.getByRole("link", { name: "Download Excel workbook of the items" })).toHaveAttribute("href", `/app/${organisation.slug}/inventory/items.xlsx?q=NAIL`);
  await expect(page.getByRole("link", { name: "Import items or stock" })).toBeVisible();
  const csv = await page.request.get(`/app/${organisation.slug}/inventory/items.csv`);
  expect(csv.headers()["content-type"]).toContain("text/csv");
  const lines = (await csv.text()).trim().split("\r\n");
  expect(lines.slice(1).map((line) => line.split(",")[0])).toEqual(["BOLT-1", "NAIL-1", "SCREW-1"]);
  const xlsx = await page.request.get(`/app/${organisation.slug}/inventory/items.xlsx`);
  expect(xlsx.headers()["content-type"]).toBe("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
  const downloaded = new ExcelJS.Workbook();
  await downloaded.xlsx.load((await xlsx.body()) as unknown as ArrayBuffer);
  expect(downloaded.worksheets[0].getRow(3).getCell(1).value).toBe("NAIL-1");
  for (const path of ["stock.csv", "stock.xlsx", "moves.csv", "moves.xlsx"]) {
    expect((await page.request.get(`/app/${organisation.slug}/inventory/${path}`)).status(), path).toBe(200);
  }
});

test("only the import page takes a large multipart upload, and only up to 20 MiB", async ({ page, organisation, baseURL }) => {
  await logIn(page, organisation.email, organisation.password);
  const importPath = `/app/${organisation.slug}/inventory/import`;
  const headers = { Origin: baseURL! };
  const rows = Array.from({ length: 60_000 }, (_, i) => `BULK-${i},Bulk item ${i} with a name long enough,1.00`).join("\n");
  const big = Buffer.from(`sku,name,sale_price\n${rows}\n`);
  expect(big.length).toBeGreaterThan(3 * 1024 * 1024);

  // A several-MB file to the import page is taken (and refused for its row count only, not its size).
  const taken = await page.request.post(importPath, { headers, maxRedirects: 0, multipart: { kind: "items", file: { name: "bulk.csv", mimeType: "text/csv", buffer: big } } });
  expect(taken.status()).toBe(302);
  // The same body anywhere else is too large.
  const elsewhere = await page.request.post(`/app/${organisation.slug}/settings/members`, { headers, maxRedirects: 0, multipart: { intent: "invite", file: { name: "bulk.csv", mimeType: "text/csv", buffer: big } } });
  expect(elsewhere.status()).toBe(413);
  // Over 20 MiB, even the import page refuses it before reading it.
  const huge = Buffer.alloc(21 * 1024 * 1024, "a");
  const tooBig = await page.request.post(importPath, { headers, maxRedirects: 0, multipart: { kind: "items", file: { name: "huge.csv", mimeType: "text/csv", buffer: huge } } });
  expect(tooBig.status()).toBe(413);
  // Not a form: refused as before, whatever its size.
  const json = await page.request.post(importPath, { headers, data: { kind: "items" } });
  expect(json.status()).toBe(415);
  // A kind that is not one is refused beside the field, and the page still renders (the sweep's hostile kinds were a 500).
  const unknownKind = await page.request.post(importPath, { headers, maxRedirects: 0, multipart: { kind: "stock-take", file: { name: "a.csv", mimeType: "text/csv", buffer: Buffer.from("sku,name\nA,B\n") } } });
  expect(unknownKind.status()).toBe(400);
  expect(await unknownKind.text()).toContain("Choose what the file holds: items or opening stock.");
  // A file that is neither CSV nor .xlsx is refused beside the file field.
  await page.goto(importPath);
  // The 60,000 rows above are being checked meanwhile: let the page hydrate before choosing the file.
  await page.waitForLoadState("networkidle");
  await expect(page.getByText("of up to 100,000 rows (20 MiB)")).toBeVisible();
  await page.getByLabel("File (.csv or .xlsx)").setInputFiles({ name: "items.txt", mimeType: "text/plain", buffer: Buffer.from("sku,name\n") });
  await page.getByRole("button", { name: "Upload and check" }).click();
  await expect(page.getByText("Upload a CSV (.csv) or Excel (.xlsx) file.")).toBeVisible();
});
