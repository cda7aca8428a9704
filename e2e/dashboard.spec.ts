import { createOrganisation, expect, logIn, test } from "./fixtures";

test("a new organisation's dashboard says what to do first, each step a link", async ({ page, organisation }) => {
  await logIn(page, organisation.email, organisation.password);
  const steps = page.getByRole("region", { name: "Getting started" });
  await expect(steps).toBeVisible();
  await expect(steps.getByRole("listitem")).toHaveCount(3);
  await steps.getByRole("link", { name: "Add the goods you sell" }).click();
  await expect(page.getByRole("heading", { name: /new item/i })).toBeVisible();
  await page.goBack();
  await steps.getByRole("link", { name: "Add your customers" }).click();
  await expect(page.getByRole("heading", { name: /new customer/i })).toBeVisible();
  // Nothing sold yet: the figures are there and say so.
  await page.goBack();
  await expect(page.getByRole("definition").filter({ hasText: /^€0\.00$/ }).first()).toBeVisible();
  await expect(page.getByRole("region", { name: "Top customers" })).toContainText("No sales yet.");
});

test("an organisation with sales shows this month's sales, receivables, top customers and the year as a chart with its table", async ({ page, request, baseURL }) => {
  const organisation = await createOrganisation(request, baseURL!, { sampleData: true });
  await logIn(page, organisation.email, organisation.password);
  // The sample data has an item, a customer, and invoices 1,234,567.89 to that customer today: no first steps are left.
  await expect(page.getByRole("region", { name: "Getting started" })).toHaveCount(0);
  // This month's sales hold the sample's entry of 1,234,567.89 and its posted invoice; the chart's table shows the same figure.
  const thisMonth = page.getByRole("term").filter({ hasText: "Sales this month" }).locator("..").getByRole("definition").first();
  await expect(thisMonth).toContainText("1,234,5");
  await expect(page.getByRole("region", { name: "Top customers" }).getByRole("link", { name: /Müller Großhandel/ })).toBeVisible();
  const chart = page.getByRole("figure", { name: "Sales per month, net of tax" });
  await expect(chart.locator("svg rect")).toHaveCount(12);
  await chart.getByText("The figures as a table").click();
  const table = chart.getByRole("table");
  await expect(table.getByRole("row")).toHaveCount(13);
  const shown = (await thisMonth.textContent())!.replace(/[^\d.,]/g, "");
  await expect(table.getByRole("row").last()).toContainText(shown);
});
