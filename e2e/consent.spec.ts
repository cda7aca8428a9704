import { readFile } from "node:fs/promises";
import type { Page } from "@playwright/test";
import { expect, logIn, test } from "./fixtures";

/** The measurement id the e2e server is configured with (playwright.config.ts). */
const FOLIO_ANALYTICS = "G-TEST12345";

const banner = (page: Page) => page.getByRole("dialog", { name: /^Cookies on/ });
const analyticsScripts = (page: Page) => page.locator('script[data-consent-category="analytics"]');
const marketingScripts = (page: Page) => page.locator('script[data-consent-category="marketing"]');
const main = (page: Page) => page.getByRole("main");

async function openCookieSettings(page: Page) {
  await page.getByRole("contentinfo").getByRole("link", { name: "Cookie settings", exact: true }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Cookie settings" })).toBeVisible();
}

test("a first visit shows the banner and no analytics; reject, accept and withdraw change what the server renders", async ({ page, context, baseURL }) => {
  const errors: string[] = [];
  page.on("pageerror", (error) => errors.push(error.message));
  page.on("console", (message) => {
    if (message.type() === "error" && !message.location().url.endsWith("/favicon.ico")) errors.push(`${message.text()} ${message.location().url}`);
  });
  const first = await page.goto("/");
  expect(await first!.text()).not.toContain(FOLIO_ANALYTICS);
  await expect(banner(page)).toBeVisible();
  await expect(banner(page)).toHaveAccessibleName("Cookies on Folio");
  await expect(analyticsScripts(page)).toHaveCount(0);
  // Nothing is ticked in advance, and "Reject all" is exactly as prominent as "Accept all".
  await banner(page).getByText("Choose", { exact: true }).click();
  await expect(banner(page).getByRole("checkbox", { name: "Analytics" })).not.toBeChecked();
  await expect(banner(page).getByRole("checkbox", { name: "Marketing" })).not.toBeChecked();
  const accept = banner(page).getByRole("button", { name: "Accept all" });
  const reject = banner(page).getByRole("button", { name: "Reject all" });
  expect(await reject.getAttribute("class")).toBe(await accept.getAttribute("class"));
  const [acceptBox, rejectBox] = [await accept.boundingBox(), await reject.boundingBox()];
  expect(rejectBox!.height).toBe(acceptBox!.height);
  expect(rejectBox!.width).toBe(acceptBox!.width);

  await reject.click();
  await expect(page).toHaveURL(`${baseURL}/`);
  await expect(banner(page)).toHaveCount(0);
  await expect(analyticsScripts(page)).toHaveCount(0);
  await page.goto("/login");
  await expect(banner(page)).toHaveCount(0);
  await expect(analyticsScripts(page)).toHaveCount(0);

  await openCookieSettings(page);
  await expect(main(page)).toContainText("You rejected all optional cookies.");
  await main(page).getByRole("button", { name: "Accept all" }).click();
  await expect(main(page)).toContainText("You accepted all cookies.");
  await expect(analyticsScripts(page)).toHaveCount(1);
  await expect(analyticsScripts(page)).toHaveAttribute("data-measurement-id", FOLIO_ANALYTICS);
  await page.goto("/");
  await expect(analyticsScripts(page)).toHaveCount(1);
  expect(await page.evaluate(() => Array.isArray((window as unknown as { dataLayer?: unknown }).dataLayer))).toBe(true);

  // An analytics cookie set while allowed is expired when consent is withdrawn, and the script is gone.
  await context.addCookies([{ name: "_ga", value: "GA1.1.123.456", url: baseURL! }]);
  await openCookieSettings(page);
  await main(page).getByRole("checkbox", { name: "Analytics" }).uncheck();
  await main(page).getByRole("button", { name: "Save my choices" }).click();
  await expect(main(page)).toContainText("You chose which cookies to allow.");
  await expect(main(page).getByRole("listitem").filter({ hasText: "Analytics:" })).toHaveText("Analytics: not allowed");
  await expect(analyticsScripts(page)).toHaveCount(0);
  expect((await context.cookies()).map((c) => c.name)).not.toContain("_ga");
  await page.goto("/");
  await expect(analyticsScripts(page)).toHaveCount(0);
  await expect(banner(page)).toHaveCount(0);
  // The server-rendered scripts and banner hydrate cleanly and nothing breaks the content security policy.
  expect(errors).toEqual([]);
});

test("the banner is a compact bar along the bottom that pushes nothing down, and the cookie settings pages have none", async ({ page, organisation }) => {
  await logIn(page, organisation.email, organisation.password);
  await page.goto(`/app/${organisation.slug}/ledger`);
  await expect(banner(page)).toBeVisible();
  const viewport = page.viewportSize()!;
  const bar = (await banner(page).boundingBox())!;
  // The app starts at the top of the window, and the bar sits on its bottom edge, a few lines high.
  expect((await page.getByRole("banner").boundingBox())!.y).toBe(0);
  expect(Math.round(bar.y + bar.height)).toBe(viewport.height);
  expect(bar.height).toBeLessThanOrEqual(90);
  // Scrolled to the end, it covers nothing: the footer is above it.
  await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
  const [footer, barAtEnd] = [(await page.getByRole("contentinfo").boundingBox())!, (await banner(page).boundingBox())!];
  expect(footer.y + footer.height).toBeLessThanOrEqual(barAtEnd.y + 0.5);
  await page.setViewportSize({ width: 390, height: 844 });
  expect((await banner(page).boundingBox())!.height).toBeLessThanOrEqual(140);
  await page.setViewportSize(viewport);

  // The cookie settings pages offer the same choice themselves: no banner there, one set of buttons.
  for (const path of ["/cookies", `/o/${organisation.slug}/cookies`]) {
    await page.goto(path);
    await expect(page.getByRole("heading", { level: 1, name: "Cookie settings" })).toBeVisible();
    await expect(banner(page), path).toHaveCount(0);
    await expect(page.getByRole("button", { name: "Accept all" }), path).toHaveCount(1);
  }
  await main(page).getByRole("button", { name: "Reject all" }).click();
  await expect(main(page)).toContainText("You rejected all optional cookies.");
  await page.goto(`/p/${organisation.slug}/nothing-here`);
  await expect(banner(page)).toHaveCount(0);
});

test("the banner works with the keyboard alone", async ({ page }) => {
  await page.goto("/login");
  await expect(banner(page)).toBeVisible();
  const reject = banner(page).getByRole("button", { name: "Reject all" });
  for (let i = 0; i < 10 && !(await reject.evaluate((el) => el === document.activeElement)); i++) await page.keyboard.press("Tab");
  await expect(reject).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/\/login$/);
  await expect(banner(page)).toHaveCount(0);
  await expect(analyticsScripts(page)).toHaveCount(0);
});

test("the banner's own choices can be made with the keyboard", async ({ page }) => {
  await page.goto("/signup");
  const choose = banner(page).getByText("Choose", { exact: true });
  for (let i = 0; i < 12 && !(await choose.evaluate((el) => el === document.activeElement)); i++) await page.keyboard.press("Tab");
  await expect(choose).toBeFocused();
  await page.keyboard.press("Enter");
  await page.keyboard.press("Tab");
  await expect(banner(page).getByRole("checkbox", { name: "Analytics" })).toBeFocused();
  await page.keyboard.press("Space");
  await page.keyboard.press("Tab");
  await page.keyboard.press("Tab");
  await expect(banner(page).getByRole("button", { name: "Save my choices" })).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/\/signup$/);
  await expect(banner(page)).toHaveCount(0);
  await expect(analyticsScripts(page)).toHaveCount(1);
  await expect(marketingScripts(page)).toHaveCount(0);
});

test("the banner works without JavaScript", async ({ browser }) => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto("/login");
  await banner(page).getByRole("button", { name: "Accept all" }).click();
  await expect(page).toHaveURL(/\/login$/);
  await expect(banner(page)).toHaveCount(0);
  await expect(analyticsScripts(page)).toHaveCount(1);
  await context.close();
});

test("Sec-GPC: 1 gets no banner, no analytics and a gpc record; an explicit choice later wins", async ({ browser, organisation }) => {
  const context = await browser.newContext({ extraHTTPHeaders: { "Sec-GPC": "1" } });
  const page = await context.newPage();
  await page.goto("/");
  await expect(banner(page)).toHaveCount(0);
  await expect(page.getByText("Global Privacy Control signal was honoured")).toBeVisible();
  await expect(analyticsScripts(page)).toHaveCount(0);
  await page.goto("/login");
  await expect(page.getByText("Global Privacy Control signal was honoured")).toHaveCount(0);
  await openCookieSettings(page);
  await expect(main(page)).toContainText("Your browser sends the Global Privacy Control signal");
  await expect(main(page)).toContainText("Recorded");

  // On an organisation's pages too, recorded in its own consent records.
  await page.goto(`/o/${organisation.slug}/cookies`);
  await expect(banner(page)).toHaveCount(0);
  await expect(main(page)).toContainText("Your browser sends the Global Privacy Control signal");

  await page.goto("/cookies");
  await main(page).getByRole("button", { name: "Accept all" }).click();
  await expect(main(page)).toContainText("You accepted all cookies.");
  await expect(analyticsScripts(page)).toHaveCount(1);
  await context.close();

  const owner = await browser.newPage();
  await logIn(owner, organisation.email, organisation.password);
  await owner.goto(`/app/${organisation.slug}/privacy/consent`);
  await expect(owner.getByRole("cell", { name: "Global Privacy Control (opt-out)" })).toBeVisible();
  const downloading = owner.waitForEvent("download");
  await owner.getByRole("link", { name: "Download consent records (CSV)" }).click();
  const download = await downloading;
  const csv = await readFile((await download.path())!, "utf8");
  const lines = csv.replace(/^\uFEFF/, "").trim().split("\r\n");
  expect(lines[0]).toBe("recorded_at,consent_id,method,categories,banner_revision,page,ip_truncated,user_agent,user_id,record_id");
  expect(lines).toHaveLength(2);
  expect(lines[1]).toContain(`,gpc,necessary,1,/o/${organisation.slug}/cookies,`);
  await owner.close();
});

test("an organisation's tools load only with consent, and a revision bump asks everyone again", async ({ browser, page, organisation }) => {
  await logIn(page, organisation.email, organisation.password);
  await page.goto(`/app/${organisation.slug}/privacy`);
  await main(page).getByRole("link", { name: "Settings" }).click();
  await page.getByLabel("Analytics measurement id").fill("G-BAD");
  await page.getByRole("button", { name: "Save privacy settings" }).click();
  await expect(page.getByText("Enter a Google Analytics measurement id like G-ABC123XYZ")).toBeVisible();
  await page.getByLabel("Analytics measurement id").fill("G-ORGTEST1");
  await page.getByLabel("Marketing pixel id").fill("123456789");
  await page.getByRole("button", { name: "Save privacy settings" }).click();
  await expect(page.getByRole("status")).toContainText("Privacy settings saved.");

  // A visitor of the organisation's public pages (its privacy page; its cookie settings page has no banner).
  const visitor = await (await browser.newContext()).newPage();
  await visitor.goto(`/o/${organisation.slug}/privacy`);
  await expect(banner(visitor)).toHaveAccessibleName(`Cookies on ${organisation.organisationName}'s pages`);
  await expect(analyticsScripts(visitor)).toHaveCount(0);
  await expect(marketingScripts(visitor)).toHaveCount(0);
  await banner(visitor).getByRole("button", { name: "Accept all" }).click();
  await expect(banner(visitor)).toHaveCount(0);
  await expect(analyticsScripts(visitor)).toHaveAttribute("data-measurement-id", "G-ORGTEST1");
  await expect(marketingScripts(visitor)).toHaveAttribute("data-pixel-id", "123456789");
  // Folio's own pages keep their own consent: the visitor has not chosen there.
  await visitor.goto("/");
  await expect(banner(visitor)).toHaveAccessibleName("Cookies on Folio");
  await expect(analyticsScripts(visitor)).toHaveCount(0);

  await page.getByRole("button", { name: "Ask everyone again" }).click();
  await expect(page.getByRole("status")).toContainText("Banner revision 2");

  await visitor.goto(`/o/${organisation.slug}/privacy`);
  await expect(banner(visitor)).toBeVisible();
  await expect(analyticsScripts(visitor)).toHaveCount(0);
  await expect(marketingScripts(visitor)).toHaveCount(0);
  await banner(visitor).getByRole("button", { name: "Reject all" }).click();
  await expect(banner(visitor)).toHaveCount(0);
  await expect(analyticsScripts(visitor)).toHaveCount(0);

  await page.goto(`/app/${organisation.slug}/privacy/consent`);
  const thisMonth = page.getByRole("row").filter({ hasText: "All methods" });
  await expect(thisMonth.getByRole("cell").nth(1)).toHaveText("2");
  await visitor.context().close();
});

test("bad choices are refused with a clear message", async ({ page, baseURL }) => {
  const response = await page.request.post("/consent", {
    form: { choice: "save", categories: "fingerprinting", site: "folio", returnTo: "/" },
    headers: { Origin: baseURL! },
  });
  expect(response.status()).toBe(400);
  const body = await response.text();
  expect(body).toContain("Your cookie choice was not saved. Unknown cookie category");
  expect(body).toContain("fingerprinting");
  await page.goto("/");
  await expect(banner(page)).toBeVisible();
});
