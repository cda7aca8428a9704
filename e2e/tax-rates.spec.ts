import { randomBytes } from "node:crypto";
import { createOrganisation, expect, inviteAndJoin, logIn, logOut, test } from "./fixtures";

test("an owner adds a tax rate after a refused rate, edits it, and a viewer only reads it; another organisation's rate is a 404", async ({ page, organisation, request, baseURL }) => {
  await logIn(page, organisation.email, organisation.password);
  await page.goto(`/app/${organisation.slug}/ledger`);
  await page.getByRole("navigation", { name: "Ledger" }).getByRole("link", { name: "Tax rates" }).click();
  await expect(page.getByRole("heading", { name: "Tax rates", level: 1 })).toBeVisible();
  await expect(page.getByRole("cell", { name: /No tax rates yet/ })).toBeVisible();

  const form = page.getByRole("form", { name: "Add a tax rate" });
  await form.getByLabel("Name").fill("Standard rate");
  await form.getByLabel("Rate (%)").fill("twenty");
  await expect(form.getByLabel("Posted to account")).toHaveValue(/.+/);
  await expect(form.getByLabel("Posted to account").locator("option:checked")).toHaveText("2200 Tax payable");
  await form.getByRole("button", { name: "Add tax rate" }).click();
  await expect(form.getByLabel("Rate (%)")).toHaveAttribute("aria-invalid", "true");
  await expect(form.getByText("Enter the rate as a percentage from 0 to 100 with at most two decimals, like 20 or 7.5.")).toBeVisible();
  await expect(form.getByLabel("Name")).toHaveValue("Standard rate");

  await form.getByLabel("Rate (%)").fill("7,5");
  await form.getByRole("button", { name: "Add tax rate" }).click();
  await expect(page.getByRole("status")).toContainText("Tax rate Standard rate added.");
  const row = page.getByRole("row", { name: /Standard rate/ });
  await expect(row).toContainText("7.5%");
  await expect(row).toContainText("2200 Tax payable");

  await row.getByRole("link", { name: "Standard rate" }).click();
  const edit = page.getByRole("form", { name: "Edit tax rate" });
  await expect(edit.getByLabel("Rate (%)")).toHaveValue("7.5");
  await edit.getByLabel("Rate (%)").fill("20");
  await edit.getByLabel(/Active/).uncheck();
  await edit.getByRole("button", { name: "Save tax rate" }).click();
  await expect(page.getByRole("status")).toContainText("Tax rate Standard rate saved.");
  await expect(page.getByRole("row", { name: /Standard rate/ })).toContainText("20%");
  await expect(page.getByRole("row", { name: /Standard rate/ })).toContainText("Inactive");
  const rateUrl = new URL((await page.getByRole("link", { name: "Standard rate" }).getAttribute("href")) ?? "", baseURL).pathname;

  // Another organisation's owner does not find it, exactly as a rate that does not exist.
  const other = await createOrganisation(request, baseURL!);
  await logOut(page);
  await logIn(page, other.email, other.password);
  const theirs = await page.goto(rateUrl.replace(organisation.slug, other.slug));
  expect(theirs?.status()).toBe(404);
  await expect(page.getByText("That tax rate does not exist in this organisation.")).toBeVisible();
  await logOut(page);

  await logIn(page, organisation.email, organisation.password);
  const viewerEmail = `viewer-${randomBytes(4).toString("hex")}@example.test`;
  await inviteAndJoin(page, organisation, { email: viewerEmail, role: "viewer", name: "Vera Viewer", password: "read only taxes 2026" });
  await page.goto(`/app/${organisation.slug}/ledger/tax-rates`);
  await expect(page.getByRole("row", { name: /Standard rate/ })).toContainText("20%");
  await expect(page.getByRole("form", { name: "Add a tax rate" })).toHaveCount(0);
  const refused = await page.request.post(`/app/${organisation.slug}/ledger/tax-rates`, {
    form: { name: "Sneaky", rate: "1", accountId: "00000000-0000-4000-8000-000000000000" },
    headers: { Origin: baseURL! },
  });
  expect(refused.status()).toBe(403);
});
