import { randomBytes } from "node:crypto";
import type { Browser, Page } from "@playwright/test";
import { expect, logIn, openEmail, test } from "./fixtures";

const unique = () => randomBytes(3).toString("hex");

const WORDING = "Yes, send me offers by email. I can unsubscribe at any time.";

/** The owner creates and publishes a landing page through the CRM; returns the notification address. */
async function publishLandingPage(page: Page, options: { title: string; address: string; text: string }) {
  const recipient = `sales-${unique()}@example.test`;
  await page.getByRole("navigation", { name: "Main", exact: true }).getByRole("link", { name: "CRM" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "CRM" })).toBeVisible();
  await page.getByRole("link", { name: "Landing pages" }).click();
  await page.getByRole("link", { name: "New landing page" }).click();
  await page.getByLabel("Title", { exact: true }).fill(options.title);
  await page.getByLabel("Address", { exact: true }).fill(options.address);
  await page.getByLabel("Text (Markdown)").fill(options.text);
  await page.getByLabel("Company", { exact: true }).check();
  await page.getByLabel("Offer a checkbox to agree to marketing email").check();
  await page.getByLabel("Marketing consent wording").fill(WORDING);
  await page.getByLabel("Notify this address of new leads").fill(recipient);
  await page.getByLabel(/^Published/).check();
  await page.getByRole("button", { name: "Create landing page" }).click();
  await expect(page.getByRole("status")).toContainText(`Landing page "${options.title}" is published.`);
  await expect(page.getByRole("heading", { level: 1, name: options.title })).toBeVisible();
  return recipient;
}

/** A visitor in a browser context of their own: no session, no cookies. */
async function visitor(browser: Browser, baseURL: string) {
  const context = await browser.newContext({ baseURL });
  return { context, page: await context.newPage() };
}

test("a visit with UTM parameters becomes a lead with its attribution and consent, and the recipient is mailed", async ({ page, browser, baseURL, organisation }) => {
  await logIn(page, organisation.email, organisation.password);
  const recipient = await publishLandingPage(page, {
    title: "Spring sale",
    address: "spring-sale",
    text: "## Save 20% this spring\n\nTell us what you need.\n\n<script>window.__injected = true</script><img src=x onerror=\"window.__injected = true\">",
  });

  const guest = await visitor(browser, baseURL!);
  const visitorEmail = `vera-${unique()}@example.test`;
  await guest.page.goto(`/p/${organisation.slug}/spring-sale?utm_source=newsletter&utm_medium=email&utm_campaign=spring-sale`);
  await expect(guest.page.getByRole("heading", { level: 1, name: "Spring sale" })).toBeVisible();
  await expect(guest.page.getByRole("heading", { name: "Save 20% this spring" })).toBeVisible();
  // The script in the page's text is neutralised: not in the page, never run.
  expect(await guest.page.locator("main script, main img").count()).toBe(0);
  expect(await guest.page.evaluate(() => (window as unknown as { __injected?: boolean }).__injected)).toBeUndefined();
  await guest.page.getByLabel("Name", { exact: true }).fill("Vera Visitor");
  await guest.page.getByLabel("Email", { exact: true }).fill(visitorEmail);
  await guest.page.getByLabel("Company (optional)").fill("Vera & Co");
  await guest.page.getByLabel(WORDING).check();
  await guest.page.getByRole("button", { name: "Send" }).click();
  await expect(guest.page.getByRole("heading", { name: "Thank you!" })).toBeVisible();
  await guest.context.close();

  await page.goto(`/app/${organisation.slug}/crm`);
  await page.getByRole("link", { name: "Leads" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Leads" })).toBeVisible();
  const row = page.getByRole("row").filter({ has: page.getByRole("link", { name: "Vera Visitor" }) });
  await expect(row.getByRole("cell", { name: "newsletter", exact: true })).toBeVisible();
  await expect(row.getByRole("cell", { name: "email", exact: true })).toBeVisible();
  await expect(row.getByRole("cell", { name: "spring-sale", exact: true })).toBeVisible();
  await expect(row.getByRole("cell", { name: "Spring sale", exact: true })).toBeVisible();
  await expect(row.getByRole("cell", { name: "New", exact: true })).toBeVisible();

  await page.getByLabel("Campaign").selectOption("spring-sale");
  await page.getByRole("button", { name: "Filter" }).click();
  await expect(page.getByRole("link", { name: "Vera Visitor" })).toBeVisible();

  await page.getByRole("link", { name: "Vera Visitor" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Vera Visitor" })).toBeVisible();
  const attribution = page.getByRole("region", { name: "Attribution" });
  await expect(attribution).toContainText("newsletter");
  await expect(attribution).toContainText("spring-sale");
  await expect(page.getByRole("region", { name: "Marketing consent" })).toContainText(WORDING);

  await page.getByLabel("Status").selectOption("contacted");
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByRole("status")).toContainText("Lead saved.");
  await expect(page.getByLabel("Status")).toHaveValue("contacted");

  await page.goto(`/app/${organisation.slug}/crm/reports/sources`);
  await expect(page.getByRole("region", { name: "By source" }).getByRole("row", { name: /newsletter\s+1/ })).toBeVisible();

  await page.goto(`/app/${organisation.slug}/crm/leads`);
  const download = page.waitForEvent("download");
  await page.getByRole("link", { name: "Export CSV" }).click();
  const csv = await (await download).createReadStream();
  const chunks: Buffer[] = [];
  for await (const chunk of csv) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString("utf8");
  expect(text).toContain("Vera Visitor");
  expect(text).toContain(WORDING);

  await openEmail(page, recipient, "New lead from Spring sale");
  await expect(page.getByText(visitorEmail).first()).toBeVisible();
  await expect(page.getByText("Campaign: spring-sale")).toBeVisible();
});

test("with marketing cookies allowed, the visitor's first campaign is credited", async ({ page, browser, baseURL, organisation }) => {
  await logIn(page, organisation.email, organisation.password);
  await publishLandingPage(page, { title: "Trade fair", address: "fair", text: "Meet us at the fair." });

  const guest = await visitor(browser, baseURL!);
  await guest.page.goto(`/p/${organisation.slug}/fair?utm_source=newsletter&utm_medium=email&utm_campaign=winter`);
  await guest.page.getByRole("button", { name: "Accept all" }).click();
  await expect(guest.page.getByRole("button", { name: "Accept all" })).toHaveCount(0);
  await guest.page.goto(`/p/${organisation.slug}/fair?utm_source=ads&utm_medium=cpc&utm_campaign=retarget`);
  await guest.page.getByLabel("Name", { exact: true }).fill("Frank First");
  await guest.page.getByLabel("Email", { exact: true }).fill(`frank-${unique()}@example.test`);
  await guest.page.getByRole("button", { name: "Send" }).click();
  await expect(guest.page.getByRole("heading", { name: "Thank you!" })).toBeVisible();

  // Without that consent, only the submitting visit counts.
  const other = await visitor(browser, baseURL!);
  await other.page.goto(`/p/${organisation.slug}/fair?utm_source=newsletter&utm_medium=email&utm_campaign=winter`);
  await other.page.getByRole("button", { name: "Reject all" }).click();
  await other.page.goto(`/p/${organisation.slug}/fair?utm_source=ads&utm_medium=cpc&utm_campaign=retarget`);
  await other.page.getByLabel("Name", { exact: true }).fill("Rita Rejecter");
  await other.page.getByLabel("Email", { exact: true }).fill(`rita-${unique()}@example.test`);
  await other.page.getByRole("button", { name: "Send" }).click();
  await expect(other.page.getByRole("heading", { name: "Thank you!" })).toBeVisible();
  await guest.context.close();
  await other.context.close();

  await page.goto(`/app/${organisation.slug}/crm/leads`);
  const frank = page.getByRole("row").filter({ has: page.getByRole("link", { name: "Frank First" }) });
  await expect(frank.getByRole("cell", { name: "winter", exact: true })).toBeVisible();
  const rita = page.getByRole("row").filter({ has: page.getByRole("link", { name: "Rita Rejecter" }) });
  await expect(rita.getByRole("cell", { name: "retarget", exact: true })).toBeVisible();
});

test("bad input on the public form: field errors, honeypot and bursts store nothing that should not be", async ({ page, browser, baseURL, organisation }) => {
  await logIn(page, organisation.email, organisation.password);
  await publishLandingPage(page, { title: "Bulk offer", address: "bulk", text: "Ask for a quote." });
  const url = `/p/${organisation.slug}/bulk?utm_source=flyer`;
  const guest = await visitor(browser, baseURL!);
  const form = guest.page;

  // 1: an oversized name and a bad address are refused beside their fields, with the values kept.
  await form.goto(url);
  await form.getByLabel("Name", { exact: true }).evaluate((input) => input.removeAttribute("maxlength"));
  await form.getByLabel("Name", { exact: true }).fill("N".repeat(201));
  await form.getByLabel("Email", { exact: true }).fill("not-an-address");
  const refused = form.waitForResponse((r) => r.request().method() === "POST");
  await form.getByRole("button", { name: "Send" }).click();
  expect((await refused).status()).toBe(400);
  await expect(form.getByText("Use at most 200 characters.")).toBeVisible();
  await expect(form.getByText("Enter a valid email address, like name@example.com.")).toBeVisible();
  await expect(form.getByLabel("Email", { exact: true })).toHaveValue("not-an-address");

  // 2: a bot fills the field people never see: it is thanked, and nothing is stored.
  await form.goto(url);
  await form.getByLabel("Name", { exact: true }).fill("Spam Bot");
  await form.getByLabel("Email", { exact: true }).fill(`bot-${unique()}@example.test`);
  await form.locator('input[name="website"]').fill("https://spam.example");
  await form.getByRole("button", { name: "Send" }).click();
  await expect(form.getByRole("heading", { name: "Thank you!" })).toBeVisible();

  // 3 to 5: three real submissions.
  for (const name of ["Alice", "Bob", "Carol"]) {
    await form.goto(url);
    await form.getByLabel("Name", { exact: true }).fill(name);
    await form.getByLabel("Email", { exact: true }).fill(`${name.toLowerCase()}-${unique()}@example.test`);
    await form.getByRole("button", { name: "Send" }).click();
    await expect(form.getByRole("heading", { name: "Thank you!" })).toBeVisible();
  }

  // 6: one more from the same address within 10 minutes is too many.
  await form.goto(url);
  await form.getByLabel("Name", { exact: true }).fill("Dave");
  await form.getByLabel("Email", { exact: true }).fill(`dave-${unique()}@example.test`);
  const limited = form.waitForResponse((r) => r.request().method() === "POST");
  await form.getByRole("button", { name: "Send" }).click();
  expect((await limited).status()).toBe(429);
  await expect(form.getByRole("heading", { name: "Too many submissions" })).toBeVisible();
  await guest.context.close();

  await page.goto(`/app/${organisation.slug}/crm/leads`);
  await expect(page.getByText("3 leads · page 1 of 1")).toBeVisible();
  for (const name of ["Alice", "Bob", "Carol"]) await expect(page.getByRole("link", { name })).toBeVisible();
  await expect(page.getByRole("link", { name: "Spam Bot" })).toHaveCount(0);
  await expect(page.getByRole("link", { name: "Dave" })).toHaveCount(0);

  // Unknown and unpublished pages are not found.
  expect((await page.goto(`/p/${organisation.slug}/no-such-page`))?.status()).toBe(404);
  expect((await page.goto(`/p/no-such-organisation-${unique()}/bulk`))?.status()).toBe(404);
});

test("a new landing page saves at the first try: new leads are told to its creator unless another address is entered", async ({ page, organisation }) => {
  await logIn(page, organisation.email, organisation.password);
  await page.goto(`/app/${organisation.slug}/crm/landing-pages/new`);
  await expect(page.getByLabel("Notify this address of new leads")).toHaveValue(organisation.email);
  await page.getByLabel("Title", { exact: true }).fill("First try");
  await page.getByLabel("Address", { exact: true }).fill("first-try");
  await page.getByRole("button", { name: "Create landing page" }).click();
  await expect(page.getByRole("status")).toContainText('Landing page "First try" is saved as a draft.');
  await expect(page.getByLabel("Notify this address of new leads")).toHaveValue(organisation.email);
});
