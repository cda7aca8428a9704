import { expect, inviteAndJoin, logIn, logOut, test } from "./fixtures";
import { createItem, postTo, unique } from "./inventory-helpers";

test("an owner runs quotation -> order -> partial delivery -> invoice -> payment to paid; a salesman cannot open the invoice of a customer not his", async ({ page, organisation }) => {
  test.setTimeout(120_000);
  const sku = `TEA-${unique()}`;
  const customer = `Corner Grocer ${unique()}`;
  const base = `/app/${organisation.slug}/sales`;
  await logIn(page, organisation.email, organisation.password);
  await createItem(page, organisation, { sku, name: "Green tea 100 bags", cost: "2.50", price: "4.00" });
  await page.getByRole("link", { name: "Receive stock" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Receive stock" })).toBeVisible();
  await page.getByRole("combobox", { name: "Warehouse" }).selectOption({ label: "Main warehouse" });
  await page.getByLabel("Quantity").fill("10");
  await page.getByLabel("Unit cost").fill("2.50");
  await page.getByRole("button", { name: "Receive stock" }).click();
  await expect(page.getByRole("status")).toContainText(`Received 10 pcs of ${sku}`);

  await page.goto(`${base}/customers/new`);
  await page.getByLabel("Name", { exact: true }).fill(customer);
  await page.getByRole("button", { name: "Create customer" }).click();
  await expect(page.getByRole("status")).toContainText(`Customer ${customer} created.`);

  // A quotation for 6, refused first for a negative price, beside the field.
  await page.goto(`${base}/documents/quotations/new`);
  await page.getByLabel("Customer", { exact: true }).selectOption({ label: customer });
  await page.getByLabel("Line 1 item").selectOption({ label: `${sku} Green tea 100 bags` });
  await page.getByLabel("Line 1 quantity").fill("6");
  await page.getByLabel("Line 1 unit price").fill("-1");
  const refused = postTo(page, /\/documents\/quotations\/new$/);
  await page.getByRole("button", { name: "Save and post" }).click();
  expect((await refused).status()).toBe(400);
  await expect(page.getByLabel("Line 1 unit price")).toHaveAttribute("aria-invalid", "true");
  await expect(page.getByText("Line 1: the price cannot be negative.")).toBeVisible();
  await page.getByLabel("Line 1 unit price").fill("");
  await page.getByRole("button", { name: "Save and post" }).click();
  await expect(page.getByRole("status")).toContainText("Posted QT-");

  // Order (reserves), then a delivery of 4 of the 6.
  await page.getByRole("button", { name: "Make sales order" }).click();
  await expect(page.getByRole("status")).toContainText("Sales order draft made");
  await page.getByRole("button", { name: "Post sales order" }).click();
  await expect(page.getByRole("status")).toContainText("Posted SO-");
  const orderUrl = page.url();
  await page.getByRole("button", { name: "Make delivery" }).click();
  await page.getByRole("link", { name: "Edit draft" }).click();
  await expect(page.getByLabel("Line 1 quantity")).toHaveValue("6");
  await page.getByLabel("Line 1 quantity").fill("4");
  await page.getByRole("button", { name: "Save and post" }).click();
  await expect(page.getByRole("status")).toContainText("Posted DN-");

  // The invoice of the whole order: 6 x 4.00.
  await page.goto(orderUrl);
  await page.getByRole("button", { name: "Make invoice" }).click();
  await page.getByRole("button", { name: "Post invoice" }).click();
  await expect(page.getByRole("status")).toContainText("Posted INV-");
  const invoiceUrl = page.url();
  await expect(page.getByRole("definition").filter({ hasText: "24.00" })).toBeVisible();
  await expect(page.getByText(`${customer} · Unpaid`)).toBeVisible();

  // Stock: 10 received, 6 gone, nothing reserved.
  await page.goto(`/app/${organisation.slug}/inventory/stock`);
  await expect(page.getByRole("row").filter({ hasText: sku })).toContainText("4");

  // Paid in two parts.
  await page.goto(invoiceUrl);
  await page.getByRole("link", { name: "Record payment" }).click();
  await page.getByLabel("Amount", { exact: true }).fill("30.00");
  await page.getByLabel(/^Allocate to INV-/).fill("10.00");
  const overpaid = postTo(page, /\/payments\/new$/);
  await page.getByRole("button", { name: "Record payment" }).click();
  expect((await overpaid).status()).toBe(400);
  await expect(page.getByText(/not allocated to an invoice/)).toBeVisible();
  await page.getByLabel("Amount", { exact: true }).fill("10.00");
  await page.getByRole("button", { name: "Record payment" }).click();
  await expect(page.getByRole("status")).toContainText("Recorded payment PAY-");
  await page.goto(invoiceUrl);
  await expect(page.getByText(`${customer} · Partially paid`)).toBeVisible();
  await page.getByRole("link", { name: "Record payment" }).click();
  await page.getByLabel("Amount", { exact: true }).fill("14.00");
  await page.getByLabel(/^Allocate to INV-/).fill("14.00");
  await page.getByRole("button", { name: "Record payment" }).click();
  await expect(page.getByRole("status")).toContainText("Recorded payment PAY-");
  await page.goto(invoiceUrl);
  await expect(page.getByText(`${customer} · Paid`)).toBeVisible();
  await page.getByRole("link", { name: "Print view" }).click();
  await expect(page.getByRole("heading", { level: 1, name: /Invoice INV-/ })).toBeVisible();

  await page.goto(`${base}/documents/invoices?status=paid`);
  await expect(page.getByRole("row").filter({ hasText: customer })).toContainText("Paid");

  // A salesman (the customer is not his) gets a 404 for the invoice, its print view and its actions.
  await logOut(page);
  await logIn(page, organisation.email, organisation.password);
  await inviteAndJoin(page, organisation, { email: `salesman-${unique().toLowerCase()}@example.test`, role: "salesman", name: "Sally Salesman", password: "door to door 2026 sales" });
  expect((await page.goto(invoiceUrl))?.status()).toBe(404);
  expect((await page.goto(`${invoiceUrl}/print`))?.status()).toBe(404);
  const origin = new URL(page.url()).origin;
  expect((await page.request.post(invoiceUrl, { form: { intent: "convert:credit_note" }, headers: { Origin: origin } })).status()).toBe(404);
  await page.goto(`${base}/documents/invoices`);
  await expect(page.getByText("No invoices match.")).toBeVisible();
});
