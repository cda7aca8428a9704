import { randomBytes } from "node:crypto";
import type { Page } from "@playwright/test";
import { expect, logIn, test } from "./fixtures";

const unique = () => randomBytes(3).toString("hex");

async function createCustomer(page: Page, slug: string, name: string) {
  await page.goto(`/app/${slug}/sales/customers/new`);
  await page.getByLabel("Name", { exact: true }).fill(name);
  await page.getByRole("button", { name: "Create customer" }).click();
  await expect(page.getByRole("heading", { level: 1, name })).toBeVisible();
  return page.url();
}

test("an owner adds a contact and an address, sets a credit limit and a price list, and picks the customer by typing in a journal entry", async ({ page, organisation }) => {
  const name = `Zebra Imports ${unique()}`;
  await logIn(page, organisation.email, organisation.password);
  const customerUrl = await createCustomer(page, organisation.slug, name);

  // A contact.
  const contacts = page.getByRole("region", { name: "Contacts" });
  await expect(contacts.getByText("No contacts yet.")).toBeVisible();
  const newContact = contacts.getByRole("form", { name: "New contact" });
  await newContact.getByLabel("Contact email").fill("not an address");
  await newContact.getByRole("button", { name: "Add contact" }).click();
  await expect(newContact.getByText("Enter a name.")).toBeVisible();
  await expect(newContact.getByLabel("Contact email")).toHaveAttribute("aria-invalid", "true");
  await newContact.getByLabel("Contact name").fill("Bea Buyer");
  await newContact.getByLabel("Role").fill("Head of buying");
  await newContact.getByLabel("Contact email").fill("bea@zebra.test");
  await newContact.getByLabel("Contact phone").fill("+44 113 496 0000");
  await newContact.getByRole("button", { name: "Add contact" }).click();
  await expect(page.getByRole("status")).toContainText("Contact added.");
  const bea = contacts.getByRole("listitem").filter({ hasText: "Bea Buyer" });
  await expect(bea).toContainText("Head of buying");
  await expect(bea.getByText("bea@zebra.test · +44 113 496 0000")).toBeVisible();
  await bea.getByRole("link", { name: "Edit Bea Buyer" }).click();
  const editBea = contacts.getByRole("form", { name: "Edit Bea Buyer" });
  await editBea.getByLabel("Contact phone").fill("+44 113 496 0999");
  await editBea.getByRole("button", { name: "Save contact" }).click();
  await expect(page.getByRole("status")).toContainText("Contact saved.");
  await expect(bea.getByText("bea@zebra.test · +44 113 496 0999")).toBeVisible();
  await expect(contacts.getByRole("form", { name: "Edit Bea Buyer" })).toHaveCount(0);

  // A delivery address, the default.
  const addresses = page.getByRole("region", { name: "Delivery addresses" });
  const newAddress = addresses.getByRole("form", { name: "New delivery address" });
  await newAddress.getByLabel("Label").fill("Warehouse");
  await newAddress.getByLabel("Street").fill("1 Dock Road\nUnit 4");
  await newAddress.getByLabel("Town or city").fill("Leeds");
  await newAddress.getByLabel("Postal code").fill("LS1 1AA");
  await newAddress.getByLabel("Country").fill("gb");
  await newAddress.getByLabel("Default delivery address").check();
  await newAddress.getByRole("button", { name: "Add address" }).click();
  await expect(page.getByRole("status")).toContainText("Address added.");
  const warehouse = addresses.getByRole("listitem").filter({ hasText: "Warehouse" });
  await expect(warehouse.getByText("Default", { exact: true })).toBeVisible();
  await expect(warehouse).toContainText("LS1 1AA Leeds, GB");

  // A credit limit: a negative one is refused beside the field.
  const terms = page.getByRole("region", { name: "Credit and tax" });
  await terms.getByLabel("Credit limit").fill("-5");
  await terms.getByRole("button", { name: "Save credit and tax" }).click();
  await expect(terms.getByText("The credit limit cannot be negative.")).toBeVisible();
  await terms.getByLabel("Credit limit").fill("2,500");
  await terms.getByLabel(/Tax exempt/).check();
  await terms.getByRole("button", { name: "Save credit and tax" }).click();
  await expect(page.getByRole("status")).toContainText("Credit limit, tax and notes saved.");
  await expect(terms.getByLabel("Credit limit")).toHaveValue("2500.00");
  await expect(terms.getByLabel(/Tax exempt/)).toBeChecked();

  // A price list: a discount over 100% and a negative price are refused beside their fields.
  const listName = `Trade ${unique()}`;
  await page.goto(`/app/${organisation.slug}/sales/price-lists`);
  await page.getByLabel("Name").fill(listName);
  // The first list is proposed as the default; this one is for particular customers.
  await expect(page.getByLabel(/default list/)).toBeChecked();
  await page.getByLabel(/default list/).uncheck();
  await page.getByLabel("Discount (%)").fill("150");
  await page.getByRole("button", { name: "Create price list" }).click();
  await expect(page.getByText("The discount is a percentage from 0 to 100, like 10 or 12.5.")).toBeVisible();
  await expect(page.getByLabel(/default list/)).not.toBeChecked();
  await page.getByLabel("Discount (%)").fill("12.5");
  await page.getByRole("button", { name: "Create price list" }).click();
  await expect(page.getByRole("heading", { level: 1, name: listName })).toBeVisible();
  await expect(page.getByText("12.5% off")).toBeVisible();
  const setPrice = page.getByRole("form", { name: "Set a price" });
  await setPrice.getByLabel("Item SKU").fill("NO-SUCH-ITEM");
  await setPrice.getByLabel("Unit price").fill("-1");
  await setPrice.getByRole("button", { name: "Set price" }).click();
  await expect(setPrice.getByText("The unit price cannot be negative.")).toBeVisible();
  await setPrice.getByLabel("Unit price").fill("9.99");
  await setPrice.getByRole("button", { name: "Set price" }).click();
  await expect(setPrice.getByText("No item has the SKU NO-SUCH-ITEM.")).toBeVisible();

  await page.goto(customerUrl);
  const priceList = page.getByRole("region", { name: "Price list" });
  await priceList.getByLabel("Price list").selectOption({ label: listName });
  await priceList.getByRole("button", { name: "Save price list" }).click();
  await expect(page.getByRole("status")).toContainText("Price list saved.");
  await expect(priceList.getByLabel("Price list")).toHaveValue(/[0-9a-f-]{36}/);
  await page.goto(`/app/${organisation.slug}/sales/price-lists`);
  await expect(page.getByRole("row", { name: new RegExp(listName) })).toContainText("1");

  // The journal entry's party picker: type part of the name, choose with the keyboard.
  await page.goto(`/app/${organisation.slug}/ledger/entries/new`);
  await expect(page.getByRole("button", { name: "Update totals" })).toHaveCount(0);
  await page.getByLabel("Account, line 1").selectOption({ label: "1300 Accounts receivable" });
  const picker = page.getByRole("combobox", { name: /Customer or supplier\s*, line 1/ });
  await picker.fill(name.slice(0, 8).toLowerCase());
  const option = page.getByRole("option", { name });
  await expect(option).toBeVisible();
  await expect(picker).toHaveAttribute("aria-expanded", "true");
  await picker.press("ArrowDown");
  await picker.press("ArrowUp");
  await picker.press("Enter");
  await expect(picker).toHaveValue(name);
  await expect(picker).toHaveAttribute("aria-expanded", "false");
  await page.getByLabel("Debit, line 1").fill("100");
  await page.getByLabel("Account, line 2").selectOption({ label: "4100 Sales" });
  await page.getByLabel("Credit, line 2").fill("100");
  await page.getByRole("button", { name: "Post entry" }).click();
  await expect(page.getByRole("status")).toContainText("Posted");
  await expect(page.getByRole("row", { name: /1300 Accounts receivable/ })).toContainText(name);
});

test("without JavaScript the party picker is a text field: the typed name is resolved by the server", async ({ browser, organisation, baseURL }) => {
  const context = await browser.newContext({ javaScriptEnabled: false, baseURL });
  const page = await context.newPage();
  const name = `Quagga Supplies ${unique()}`;
  await logIn(page, organisation.email, organisation.password);
  await createCustomer(page, organisation.slug, name);
  await page.goto(`/app/${organisation.slug}/ledger/entries/new`);
  await page.getByLabel("Account, line 1").selectOption({ label: "1300 Accounts receivable" });
  await page.getByLabel("Customer or supplier, line 1").fill("Quagga");
  await page.getByLabel("Debit, line 1").fill("40");
  await page.getByLabel("Account, line 2").selectOption({ label: "4100 Sales" });
  await page.getByLabel("Credit, line 2").fill("40");
  await page.getByRole("button", { name: "Post entry" }).click();
  // Part of a name is not a choice: the server names the matches beside the field.
  await expect(page.getByText(`No customer or supplier is called Quagga. Did you mean: ${name}?`)).toBeVisible();
  await page.getByLabel("Customer or supplier, line 1").fill(name.toUpperCase());
  await page.getByRole("button", { name: "Post entry" }).click();
  await expect(page.getByRole("status")).toContainText("Posted");
  await expect(page.getByRole("row", { name: /1300 Accounts receivable/ })).toContainText(name);
  await context.close();
});
