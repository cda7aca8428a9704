import type { APIRequestContext, Page } from "@playwright/test";
import { createOrganisation, expect, logIn, test } from "./fixtures";

const PHONE = { width: 390, height: 844 };

/**
 * What a page does wrong on a narrow screen: the document wider than the window, or a control (field, button,
 * link, disclosure) that cannot be brought on screen and clicked. A control inside a table that scrolls sideways
 * counts as reachable when scrolling brings it into view uncovered; hidden ones (screen-reader-only text, the
 * honeypot, a closed disclosure's content) are not controls a person uses.
 */
async function layoutProblems(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const problems: string[] = [];
    const root = document.documentElement;
    if (root.scrollWidth > root.clientWidth) problems.push(`the document is ${root.scrollWidth - root.clientWidth} px wider than the window`);
    const describe = (el: Element) => `${el.tagName.toLowerCase()} "${(el.getAttribute("aria-label") ?? el.getAttribute("name") ?? el.textContent ?? "").trim().slice(0, 40)}"`;
    const controls = document.querySelectorAll("main a[href], main button, main input:not([type=hidden]), main select, main textarea, main summary");
    for (const control of controls) {
      const box = control.getBoundingClientRect();
      if (box.width <= 1 || box.height <= 1 || control.closest("[aria-hidden=true]")) continue;
      control.scrollIntoView({ block: "center", inline: "center" });
      const seen = control.getBoundingClientRect();
      if (seen.left < -0.5 || seen.right > root.clientWidth + 0.5 || seen.top < -0.5 || seen.bottom > window.innerHeight + 0.5) {
        problems.push(`${describe(control)} cannot be scrolled fully into view (${Math.round(seen.left)}..${Math.round(seen.right)} of ${root.clientWidth})`);
        continue;
      }
      const hit = document.elementFromPoint(seen.left + seen.width / 2, seen.top + seen.height / 2);
      if (!hit || !(control === hit || control.contains(hit) || hit.contains(control) || hit.closest("label")?.control === control)) {
        problems.push(`${describe(control)} is covered by ${hit ? describe(hit) : "nothing"}`);
      }
    }
    window.scrollTo(0, 0);
    return problems;
  });
}

async function expectFits(page: Page, path: string) {
  const response = await page.goto(path);
  expect(response?.status(), path).toBeLessThan(400);
  expect(await layoutProblems(page), path).toEqual([]);
}

/** The addresses of the first detail pages a list links to (entries, drafts, parties, leads, landing pages). */
async function detailPages(page: Page, base: string): Promise<string[]> {
  const found: string[] = [];
  for (const [list, pattern] of [
    ["ledger/entries", /\/ledger\/entries\/[0-9a-f-]{36}$/],
    ["ledger/entries", /\/ledger\/drafts\/[0-9a-f-]{36}$/],
    ["ledger/accounts", /\/ledger\/accounts\/[0-9a-f-]{36}$/],
    ["sales/customers", /\/sales\/customers\/[0-9a-f-]{36}$/],
    ["sales/documents/invoices", /\/sales\/documents\/invoices\/[0-9a-f-]{36}$/],
    ["purchasing/suppliers", /\/purchasing\/suppliers\/[0-9a-f-]{36}$/],
    ["crm/leads", /\/crm\/leads\/[0-9a-f-]{36}$/],
    ["crm/landing-pages", /\/crm\/landing-pages\/[0-9a-f-]{36}$/],
    ["inventory/items", /\/inventory\/items\/[0-9a-f-]{36}$/],
    ["inventory/warehouses", /\/inventory\/warehouses\/[0-9a-f-]{36}$/],
    ["inventory/counts", /\/inventory\/counts\/[0-9a-f-]{36}$/],
  ] as const) {
    await page.goto(`${base}/${list}`);
    const hrefs = await page.locator("main a[href]").evaluateAll((links) => links.map((link) => link.getAttribute("href") ?? ""));
    const href = hrefs.find((h) => pattern.test(h));
    expect(href, `a detail page linked from ${list}`).toBeTruthy();
    found.push(href!);
  }
  return found;
}

const APP_PAGES_WITH_FORMS = [
  "ledger/entries",
  "ledger/entries/new",
  "ledger/accounts/new",
  "ledger/periods",
  "ledger/reports/trial-balance",
  "ledger/reports/general-ledger",
  "ledger/reports/party-ledger",
  "ledger/reports/aging",
  "ledger/reports/balance-sheet",
  "ledger/reports/profit-and-loss",
  "sales/customers",
  "sales/customers/new",
  "sales/documents/invoices",
  "sales/documents/invoices/new",
  "sales/documents/orders/new",
  "sales/payments/new",
  "purchasing/suppliers",
  "purchasing/suppliers/new",
  "crm/leads",
  "crm/landing-pages/new",
  "crm/reports/sources",
  "privacy/consent",
  "privacy/notices",
  "privacy/settings",
  "settings",
  "settings/members",
  "settings/audit",
  "inventory",
  "inventory/items",
  "inventory/items/new",
  "inventory/warehouses",
  "inventory/warehouses/new",
  "inventory/stock",
  "inventory/moves",
  "inventory/reorder",
  "inventory/stock/as-of",
  "inventory/expiring",
  "inventory/reconciliation",
  "inventory/settings",
  "inventory/receive",
  "inventory/issue",
  "inventory/transfer",
  "inventory/adjust",
  "inventory/counts",
];

/** An organisation with long names in it, and a little of everything. */
const filledOrganisation = (request: APIRequestContext, baseURL: string | undefined) =>
  createOrganisation(request, baseURL!, { sampleData: true, organisationName: "Großhandel Nordwest Lebensmittel" });

test.describe("at phone width (390 x 844)", () => {
  test.use({ viewport: PHONE });

  test("every app page with a form fits: nothing wider than the screen, every control reachable", async ({ page, request, baseURL }) => {
    const organisation = await filledOrganisation(request, baseURL);
    test.setTimeout(180_000);
    await logIn(page, organisation.email, organisation.password);
    const base = `/app/${organisation.slug}`;
    for (const path of APP_PAGES_WITH_FORMS) await expectFits(page, `${base}/${path}`);
    for (const path of await detailPages(page, base)) await expectFits(page, path);
    await expectFits(page, "/app/new");
    await expectFits(page, "/account/password");
  });

  test("every public page with a form fits too", async ({ page, request, baseURL }) => {
    const organisation = await filledOrganisation(request, baseURL);
    for (const path of ["/login", "/signup", "/forgot-password", "/cookies", `/o/${organisation.slug}/cookies`, `/o/${organisation.slug}/privacy`, `/p/${organisation.slug}/${organisation.landingPageSlug}`]) {
      await expectFits(page, path);
    }
  });

  test("a journal entry is entered and posted on a phone, its lines stacked with visible labels", async ({ page, organisation }) => {
    await logIn(page, organisation.email, organisation.password);
    await page.goto(`/app/${organisation.slug}/ledger/entries/new`);
    await expect(page.getByText("Account", { exact: true }).first()).toBeVisible();
    await page.getByLabel("Account, line 1").selectOption({ label: "6200 Rent" });
    await page.getByLabel("Debit, line 1").fill("75");
    await page.getByLabel("Account, line 2").selectOption({ label: "1100 Cash" });
    await page.getByLabel("Credit, line 2").fill("75");
    await page.getByRole("button", { name: "Add line" }).click();
    await page.getByRole("button", { name: "Remove line 3" }).click();
    expect(await layoutProblems(page)).toEqual([]);
    await page.getByRole("button", { name: "Post entry" }).click();
    await expect(page.getByRole("status")).toContainText("Posted JE-");
  });

  test("a member's role is changed and a member removed on a phone", async ({ page, request, baseURL }) => {
    const own = await filledOrganisation(request, baseURL);
    await logIn(page, own.email, own.password);
    await page.goto(`/app/${own.slug}/settings/members`);
    const role = page.getByLabel("Role of Alexandra Accountant-Featherstonehaugh");
    await role.selectOption("viewer");
    await page.getByRole("button", { name: "Change role" }).first().click();
    await expect(page.getByRole("status")).toContainText("Role changed to Viewer.");
    await page.getByRole("button", { name: "Remove Alexandra Accountant-Featherstonehaugh" }).click();
    await expect(page.getByRole("status")).toContainText("Member removed.");
    expect(await layoutProblems(page)).toEqual([]);
  });
});

test.describe("on a laptop (1280 x 800)", () => {
  test.use({ viewport: { width: 1280, height: 800 } });

  test("the leads table fits beside the sidebar, long values wrapped", async ({ page, request, baseURL }) => {
    const organisation = await filledOrganisation(request, baseURL);
    await logIn(page, organisation.email, organisation.password);
    await page.goto(`/app/${organisation.slug}/crm/leads`);
    const table = page.getByRole("table", { name: "Leads, newest first" });
    await expect(table.getByRole("link", { name: "Maximiliane Mustermann-Lüdenscheidt" })).toBeVisible();
    const fit = await table.evaluate((element) => ({ table: element.scrollWidth, card: element.parentElement!.clientWidth }));
    expect(fit.table).toBeLessThanOrEqual(fit.card);
    await expect(table.getByRole("cell", { name: "spring-clearance-newsletter-2026-wholesale-partners" })).toBeInViewport();
  });

  test("Settings is highlighted in the sidebar on every settings page", async ({ page, organisation }) => {
    await logIn(page, organisation.email, organisation.password);
    const main = page.getByRole("navigation", { name: "Main", exact: true });
    for (const path of ["settings", "settings/members", "settings/audit"]) {
      await page.goto(`/app/${organisation.slug}/${path}`);
      await expect(main.getByRole("link", { name: "Settings" }), path).toHaveAttribute("aria-current", "page");
      await expect(main.getByRole("link", { name: "Dashboard" }), path).not.toHaveAttribute("aria-current", "page");
    }
    await page.goto(`/app/${organisation.slug}/ledger/entries`);
    await expect(main.getByRole("link", { name: "Ledger" })).toHaveAttribute("aria-current", "page");
    await expect(main.getByRole("link", { name: "Settings" })).not.toHaveAttribute("aria-current", "page");
    await page.goto(`/app/${organisation.slug}`);
    await expect(main.getByRole("link", { name: "Dashboard" })).toHaveAttribute("aria-current", "page");
  });

  test("the footer sits beside the sidebar, not under it", async ({ page, organisation }) => {
    await logIn(page, organisation.email, organisation.password);
    await page.goto(`/app/${organisation.slug}/settings/members`);
    const sidebar = await page.locator("aside").boundingBox();
    const footer = await page.getByRole("contentinfo").boundingBox();
    expect(footer!.x).toBeGreaterThanOrEqual(sidebar!.x + sidebar!.width);
    expect(sidebar!.y + sidebar!.height).toBeGreaterThanOrEqual(footer!.y + footer!.height);
  });
});
