import { randomBytes } from "node:crypto";
import { expect, logIn, openEmail, test } from "./fixtures";

const unique = () => randomBytes(4).toString("hex");

test("sign-up suggests the currency, locale and time zone from the browser, and the new organisation keeps them", async ({ browser }) => {
  const context = await browser.newContext({ locale: "de-CH", timezoneId: "America/Chicago" });
  const page = await context.newPage();
  await page.goto("/signup");
  await expect(page.getByLabel("Currency")).toHaveValue("CHF");
  await expect(page.getByLabel("Language and region")).toHaveValue("de-DE");
  // The browser's own time zone, once the page's script runs (the request alone suggests Europe/Zurich).
  await expect(page.getByLabel("Time zone")).toHaveValue("America/Chicago");

  const email = `regional-${unique()}@example.test`;
  await page.getByLabel("Your name").fill("Rita Regional");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill("a sturdy pass phrase 93");
  await page.getByLabel("Organisation name").fill("Zürcher Handel");
  await page.getByLabel(/I am 18 or older/).check();
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.getByRole("heading", { name: "Check your email" })).toBeVisible();
  await openEmail(page, email, "Confirm your email address for Folio");
  await page.getByRole("link", { name: "Verify email" }).click();
  // Signing up does not sign in: the verified address logs in.
  await expect(page.getByRole("status")).toContainText("Your email address is verified.");
  await logIn(page, email, "a sturdy pass phrase 93");
  await expect(page.getByRole("heading", { name: "Dashboard" })).toBeVisible();
  // Times are written the way the organisation writes them (de-DE): 01.12.2026, 14:05; its money in francs.
  await expect(page.getByRole("region", { name: "Recent activity" }).getByText(/· \d{2}\.\d{2}\.\d{4}, \d{2}:\d{2}$/).first()).toBeVisible();
  await expect(page.getByRole("main").getByText(/CHF/).first()).toBeVisible();
  await page.goto(`${new URL(page.url()).pathname.replace(/\/$/, "")}/settings`);
  await expect(page.getByLabel("Currency")).toHaveValue("CHF");
  await expect(page.getByLabel("Time zone")).toHaveValue("America/Chicago");
  await context.close();
});

test("without JavaScript the request's guess stands, and values outside the lists are refused", async ({ browser, baseURL }) => {
  const context = await browser.newContext({ locale: "en-US", javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto("/signup");
  await expect(page.getByLabel("Currency")).toHaveValue("USD");
  await expect(page.getByLabel("Language and region")).toHaveValue("en-US");
  await expect(page.getByLabel("Time zone")).toHaveValue("America/New_York");
  await context.close();

  const refused = await browser.newContext();
  const response = await refused.request.post("/signup", {
    headers: { Origin: baseURL! },
    form: {
      name: "Mallory",
      email: `tampered-${unique()}@example.test`,
      password: "a sturdy pass phrase 93",
      organisationName: "Tampered Ltd",
      adult: "on",
      currency: "XBT",
      timeZone: "Mars/Olympus_Mons",
      locale: "tlh",
    },
  });
  expect(response.status()).toBe(400);
  const body = await response.text();
  for (const message of ["Choose a currency from the list.", "Choose a time zone from the list, like Europe/Berlin.", "Choose a language and region from the list."]) {
    expect(body).toContain(message);
  }
  await refused.close();
});

test("another organisation is created with the currency, locale and time zone chosen for it", async ({ browser, organisation }) => {
  const context = await browser.newContext({ locale: "sv-SE", timezoneId: "Europe/Stockholm" });
  const page = await context.newPage();
  await logIn(page, organisation.email, organisation.password);
  await page.goto("/app/new");
  await expect(page.getByLabel("Currency")).toHaveValue("SEK");
  await expect(page.getByLabel("Language and region")).toHaveValue("sv-SE");
  await expect(page.getByLabel("Time zone")).toHaveValue("Europe/Stockholm");
  await page.getByLabel("Organisation name").fill(`Nordic ${unique()}`);
  await page.getByLabel("Currency").selectOption("NOK");
  await page.getByLabel("Time zone").selectOption("Europe/Oslo");
  await page.getByRole("button", { name: "Create organisation" }).click();
  await expect(page.getByRole("status")).toContainText("is ready.");
  await expect(page.getByRole("main").getByText(/NOK|kr/).first()).toBeVisible();
  await page.goto(`${new URL(page.url()).pathname.replace(/\/$/, "")}/settings`);
  await expect(page.getByLabel("Currency")).toHaveValue("NOK");
  await expect(page.getByLabel("Time zone")).toHaveValue("Europe/Oslo");
  await context.close();
});

test("an organisation writing dates the German way sees and types every date one way, the report's included", async ({ page, organisation }) => {
  await logIn(page, organisation.email, organisation.password);
  await page.goto(`/app/${organisation.slug}/settings`);
  await page.getByLabel("Language and region").selectOption("de-DE");
  await page.getByRole("button", { name: "Save settings" }).click();
  await expect(page.getByRole("status")).toContainText("Organisation settings saved.");

  await page.goto(`/app/${organisation.slug}/ledger/entries/new`);
  const today = await page.getByLabel("Date", { exact: true }).inputValue();
  expect(today).toMatch(/^\d{2}\.\d{2}\.\d{4}$/);
  const year = today.slice(6);
  await expect(page.getByText("DD.MM.YYYY", { exact: true })).toBeVisible();
  // A typo is refused in the organisation's words, with what was typed kept.
  await page.getByLabel("Date", { exact: true }).fill("31.02.2026");
  await page.getByLabel("Account, line 1").selectOption({ label: "6200 Rent" });
  await page.getByLabel("Debit, line 1").fill("75");
  await page.getByLabel("Account, line 2").selectOption({ label: "1100 Cash" });
  await page.getByLabel("Credit, line 2").fill("75");
  await page.getByRole("button", { name: "Post entry" }).click();
  await expect(page.getByText("Enter the entry date as DD.MM.YYYY, for example 31.12.2026.")).toBeVisible();
  await expect(page.getByLabel("Date", { exact: true })).toHaveValue("31.02.2026");
  await page.getByLabel("Date", { exact: true }).fill(`1.3.${year}`);
  await page.getByRole("button", { name: "Post entry" }).click();
  await expect(page.getByRole("status")).toContainText("Posted JE-");
  await expect(page.getByRole("main").getByText(`01.03.${year}`, { exact: true })).toBeVisible();

  await page.goto(`/app/${organisation.slug}/ledger/entries`);
  await expect(page.getByRole("row", { name: /JE-/ }).getByRole("cell", { name: `01.03.${year}` })).toBeVisible();

  // The report: its fields, its caption and its lines in one pattern; no browser date input anywhere.
  await page.goto(`/app/${organisation.slug}/ledger/reports/general-ledger`);
  await expect(page.getByLabel("From")).toHaveValue(`01.01.${year}`);
  await expect(page.getByLabel("To")).toHaveValue(today);
  expect(await page.locator('input[type="date"]').count()).toBe(0);
  await page.getByLabel("Account", { exact: true }).selectOption({ label: "6200 Rent" });
  await page.getByLabel("From").fill(`15.2.${year}`);
  await page.getByRole("button", { name: "Show" }).click();
  await expect(page.getByRole("table", { name: new RegExp(`from 15\\.02\\.${year} to ${today.replaceAll(".", "\\.")}`) })).toBeVisible();
  await expect(page.getByRole("row", { name: /Opening balance/ })).toContainText(`15.02.${year}`);
  await expect(page.getByRole("row", { name: /JE-/ })).toContainText(`01.03.${year}`);
  await expect(page.getByText(/\d{4}-\d{2}-\d{2}/)).toHaveCount(0);

  const refused = await page.goto(`/app/${organisation.slug}/ledger/reports/trial-balance?from=31.02.${year}`);
  expect(refused?.status()).toBe(400);
  await expect(page.getByText("Enter the start date as DD.MM.YYYY, for example 31.12.2026.")).toBeVisible();
  await expect(page.getByLabel("From")).toHaveValue(`31.02.${year}`);
});
