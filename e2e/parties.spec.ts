import { randomBytes } from "node:crypto";
import type { Page } from "@playwright/test";
import { expect, inviteAndJoin, logIn, logOut, test } from "./fixtures";

const unique = () => randomBytes(3).toString("hex");

function mainNav(page: Page) {
  return page.getByRole("navigation", { name: "Main", exact: true });
}

async function createCustomer(page: Page, slug: string, fields: { name: string; email?: string }) {
  await page.goto(`/app/${slug}/sales/customers/new`);
  await page.getByLabel("Name", { exact: true }).fill(fields.name);
  if (fields.email) await page.getByLabel("Email", { exact: true }).fill(fields.email);
  await page.getByRole("button", { name: "Create customer" }).click();
  await expect(page.getByRole("status")).toContainText(`Customer ${fields.name} created.`);
  await expect(page.getByRole("heading", { level: 1, name: fields.name })).toBeVisible();
  return page.url();
}

test("the owner creates a customer and a supplier, finds them in the lists, edits and deactivates", async ({ page, organisation }) => {
  const customerName = `Acme Wholesale ${unique()}`;
  const supplierName = `Northwind Supply ${unique()}`;
  await logIn(page, organisation.email, organisation.password);

  await mainNav(page).getByRole("link", { name: "Sales" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Sales" })).toBeVisible();
  await page.getByRole("navigation", { name: "Sales" }).getByRole("link", { name: "Customers", exact: true }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Customers" })).toBeVisible();
  await page.getByRole("link", { name: "New customer" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "New customer" })).toBeVisible();
  await page.getByLabel("Name", { exact: true }).fill(customerName);
  await page.getByLabel("Email", { exact: true }).fill("Buyer@Acme.test");
  await page.getByLabel("Phone").fill("+44 20 7946 0000");
  await page.getByLabel("Tax ID").fill("GB123456789");
  await page.getByLabel("Billing address").fill("1 Market Street, London");
  await page.getByLabel("Payment terms (days)").fill("14");
  await expect(page.getByLabel("Salesman")).toHaveValue("");
  await page.getByRole("button", { name: "Create customer" }).click();
  await expect(page.getByRole("status")).toContainText(`Customer ${customerName} created.`);
  await expect(page.getByRole("heading", { level: 1, name: customerName })).toBeVisible();
  await expect(page.getByLabel("Email", { exact: true })).toHaveValue("buyer@acme.test");
  await expect(page.getByText("Balance on receivables")).toBeVisible();
  await expect(page.getByText("€0.00")).toBeVisible();

  await page.getByLabel("Payment terms (days)").fill("30");
  await page.getByRole("button", { name: "Save changes" }).click();
  await expect(page.getByRole("status")).toContainText("Customer saved.");
  await expect(page.getByLabel("Payment terms (days)")).toHaveValue("30");

  await page.getByRole("link", { name: "All customers" }).click();
  const row = page.getByRole("row").filter({ has: page.getByRole("link", { name: customerName }) });
  await expect(row).toContainText("buyer@acme.test");
  await expect(row).toContainText("30 days");
  await page.getByLabel("Search name or email").fill("BUYER@acme");
  await page.getByRole("button", { name: "Search" }).click();
  await expect(page.getByRole("link", { name: customerName })).toBeVisible();
  await page.getByLabel("Search name or email").fill("nobody-by-this-name");
  await page.getByRole("button", { name: "Search" }).click();
  await expect(page.getByText("No customers match.")).toBeVisible();

  await page.goto(`/app/${organisation.slug}/sales/customers`);
  await page.getByRole("link", { name: customerName }).click();
  await page.getByRole("button", { name: "Deactivate customer" }).click();
  await expect(page.getByRole("status")).toContainText(`${customerName} is now inactive.`);
  await page.goto(`/app/${organisation.slug}/sales/customers`);
  await expect(page.getByRole("link", { name: customerName })).toHaveCount(0);
  await page.getByLabel("Status").selectOption("inactive");
  await page.getByRole("button", { name: "Search" }).click();
  await expect(page.getByRole("link", { name: customerName })).toBeVisible();

  await mainNav(page).getByRole("link", { name: "Purchasing" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Purchasing" })).toBeVisible();
  await page.getByRole("link", { name: "Suppliers", exact: true }).click();
  await page.getByRole("link", { name: "New supplier" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "New supplier" })).toBeVisible();
  await page.getByLabel("Name", { exact: true }).fill(supplierName);
  await page.getByLabel("Email", { exact: true }).fill("sales@northwind.test");
  await page.getByLabel("Address").fill("2 Dock Road, Hull");
  await page.getByLabel("Payment terms (days)").fill("45");
  await page.getByRole("button", { name: "Create supplier" }).click();
  await expect(page.getByRole("status")).toContainText(`Supplier ${supplierName} created.`);
  await expect(page.getByText("Balance on payables")).toBeVisible();
  await page.getByRole("link", { name: "All suppliers" }).click();
  await expect(page.getByRole("row").filter({ has: page.getByRole("link", { name: supplierName }) })).toContainText("45 days");
  await page.getByLabel("Search name or email").fill("northwind.test");
  await page.getByRole("button", { name: "Search" }).click();
  await expect(page.getByRole("link", { name: supplierName })).toBeVisible();

  await page.goto(`/app/${organisation.slug}/settings/audit?entityType=customer`);
  for (const action of ["customer.created", "customer.updated", "customer.deactivated"]) {
    await expect(page.getByRole("cell", { name: action, exact: true })).toBeVisible();
  }
});

test("a bad form comes back with status 400, the values kept and the errors beside the fields", async ({ page, organisation }) => {
  await logIn(page, organisation.email, organisation.password);
  await page.goto(`/app/${organisation.slug}/sales/customers/new`);
  await page.getByLabel("Name", { exact: true }).fill("Kept Name Ltd");
  await page.getByLabel("Email", { exact: true }).fill("not-an-email");
  await page.getByLabel("Phone").fill("+1 555 0100");
  await page.getByLabel("Payment terms (days)").fill("400");
  const answered = page.waitForResponse((r) => r.request().method() === "POST" && new URL(r.url()).pathname.endsWith("/sales/customers/new"));
  await page.getByRole("button", { name: "Create customer" }).click();
  expect((await answered).status()).toBe(400);
  await expect(page.getByLabel("Email", { exact: true })).toHaveAccessibleDescription(/Enter a valid email address/);
  await expect(page.getByLabel("Payment terms (days)")).toHaveAccessibleDescription(/from 0 to 365/);
  await expect(page.getByLabel("Name", { exact: true })).toHaveValue("Kept Name Ltd");
  await expect(page.getByLabel("Email", { exact: true })).toHaveValue("not-an-email");
  await expect(page.getByLabel("Phone")).toHaveValue("+1 555 0100");

  // Without the browser's help, the server keeps the values too.
  const direct = await page.request.post(`/app/${organisation.slug}/purchasing/suppliers/new`, {
    form: { name: "Direct Supply", email: "nope", paymentTermsDays: "30" },
    headers: { Origin: new URL(page.url()).origin },
  });
  expect(direct.status()).toBe(400);
  expect(await direct.text()).toContain("Direct Supply");

  // Another organisation's customer, or none at all, is a 404 inside the shell.
  const response = await page.goto(`/app/${organisation.slug}/sales/customers/00000000-0000-4000-8000-000000000000`);
  expect(response?.status()).toBe(404);
  await expect(mainNav(page)).toBeVisible();
});

test("a salesman sees only his own customers, and gets his new ones assigned to himself", async ({ page, organisation }) => {
  const salesmanEmail = `salesman-${unique()}@example.test`;
  const ownersCustomer = `Head Office Account ${unique()}`;
  const salesmansCustomer = `Corner Shop ${unique()}`;
  await logIn(page, organisation.email, organisation.password);
  const ownersCustomerUrl = await createCustomer(page, organisation.slug, { name: ownersCustomer });
  await inviteAndJoin(page, organisation, { email: salesmanEmail, role: "salesman", name: "Sally Salesman", password: "door to door 2026 sales" });
  await expect(mainNav(page).getByRole("link", { name: "Purchasing" })).toHaveCount(0);

  await page.goto(`/app/${organisation.slug}/sales/customers`);
  await expect(page.getByText("The customers assigned to you.")).toBeVisible();
  await expect(page.getByText("No customers match.")).toBeVisible();
  await page.getByRole("link", { name: "New customer" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "New customer" })).toBeVisible();
  await expect(page.getByLabel("Salesman")).toHaveCount(0);
  await page.getByLabel("Name", { exact: true }).fill(salesmansCustomer);
  await page.getByRole("button", { name: "Create customer" }).click();
  await expect(page.getByRole("status")).toContainText(`Customer ${salesmansCustomer} created.`);
  await expect(page.getByRole("definition").filter({ hasText: "Sally Salesman" })).toBeVisible();
  await page.getByRole("link", { name: "All customers" }).click();
  await expect(page.getByRole("link", { name: salesmansCustomer })).toBeVisible();
  await expect(page.getByRole("link", { name: ownersCustomer })).toHaveCount(0);

  const hidden = await page.goto(ownersCustomerUrl);
  expect(hidden?.status()).toBe(404);
  const refused = await page.request.post(ownersCustomerUrl, { form: { intent: "deactivate" }, headers: { Origin: new URL(page.url()).origin } });
  expect(refused.status()).toBe(404);
  expect((await page.goto(`/app/${organisation.slug}/purchasing/suppliers`))?.status()).toBe(403);
  await logOut(page);

  // The owner sees both, and can hand his customer to the salesman.
  await logIn(page, organisation.email, organisation.password);
  await page.goto(ownersCustomerUrl);
  await page.getByLabel("Salesman").selectOption({ label: "Sally Salesman" });
  await page.getByRole("button", { name: "Save changes" }).click();
  await expect(page.getByRole("status")).toContainText("Customer saved.");
  await page.goto(`/app/${organisation.slug}/sales/customers`);
  for (const name of [ownersCustomer, salesmansCustomer]) {
    await expect(page.getByRole("row").filter({ has: page.getByRole("link", { name }) })).toContainText("Sally Salesman");
  }
});
