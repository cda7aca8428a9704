import { createLandingPage, submitLead } from "~/modules/crm/landing-pages.server";
import { createItem } from "~/modules/inventory/items.server";
import { createStockCount } from "~/modules/inventory/counts.server";
import { createImport } from "~/modules/inventory/imports.server";
import { receiveStock } from "~/modules/inventory/stock.server";
import { defaultWarehouse } from "~/modules/inventory/warehouses.server";
import { findAccountByRole, listAccounts } from "~/modules/ledger/accounts.server";
import { createDraft, postManualEntry } from "~/modules/ledger/drafts.server";
import { createTaxRate } from "~/modules/ledger/tax-rates.server";
import { addAddress, addContact } from "~/modules/parties/customer-details.server";
import { createParty } from "~/modules/parties/parties.server";
import { createPriceList, setCustomerPriceList, setItemPrice } from "~/modules/sales/price-lists.server";
import { publishNotice } from "~/modules/privacy/notices.server";
import { createDraft as createSalesDraft } from "~/modules/sales/documents.server";
import { postDocument } from "~/modules/sales/post-document.server";
import { type TenantActor, withTenant } from "~/modules/tenancy/context.server";
import { todayIn } from "~/utils/dates";
import { inviteMember } from "~/workflows/invite-member.server";
import { createMember, uniqueEmail } from "./factories";

/** Long values, as real data has them: they are what overflows a narrow screen. */
const LONG = {
  customer: "Müller Großhandel & Söhne Lebensmittel-Import GmbH",
  supplier: "Internationale Verpackungs- und Logistikgesellschaft mbH",
  campaign: "spring-clearance-newsletter-2026-wholesale-partners",
  item: "Bio-Vollkorn-Dinkelspaghetti aus kontrolliert biologischem Anbau, Großpackung 5 kg",
};

/**
 * A little of everything on an owner's organisation (end-to-end layout checks): a customer and a supplier with long
 * names, a posted entry and a draft, a tax rate, a published landing page with a lead carrying long attribution, a second
 * member and an open invitation, a published privacy notice, an item with a long name and some stock
 * (below its reorder level), an open stock count of its warehouse and an uploaded import. Returns the landing page's slug and the ids of
 * the records, for tests that visit each record's pages (the hostile-input sweep).
 */
export async function addSampleData(owner: TenantActor & { membershipId: string; ownerName: string }, timeZone: string) {
  const member = await createMember(owner, "accountant", { name: "Alexandra Accountant-Featherstonehaugh" });
  const today = todayIn(timeZone);
  const landingSlug = "spring-clearance";
  const { page, ids } = await withTenant(owner, async (tx) => {
    const customer = await createParty(tx, "customer", {
      name: LONG.customer,
      email: `einkauf.zentrale.${Date.now()}@mueller-grosshandel.example`,
      phone: "+49 30 1234567",
      taxId: "DE123456789",
      billingAddress: "Lange Straße 123\n10115 Berlin",
      paymentTermsDays: 30,
      assignedUserId: null,
    });
    const supplier = await createParty(tx, "supplier", { name: LONG.supplier, email: null, phone: null, taxId: null, address: null, paymentTermsDays: 14 });
    const receivable = (await findAccountByRole(tx, "receivable"))!;
    const sales = (await findAccountByRole(tx, "sales"))!;
    const rent = (await listAccounts(tx)).find((a) => a.code === "6200")!;
    const cash = (await findAccountByRole(tx, "cash"))!;
    const entry = await postManualEntry(tx, {
      entryDate: today,
      memo: "Invoice for the spring delivery of dried goods, pallets 1 to 14",
      lines: [
        { accountId: receivable.id, partyId: customer.id, debit: "1234567.89", description: "Spring delivery" },
        { accountId: sales.id, credit: "1234567.89" },
      ],
    });
    const draft = await createDraft(tx, { entryDate: today, memo: "Rent, to be checked", lines: [{ accountId: rent.id, debit: "900" }, { accountId: cash.id, credit: "900" }] });
    const { invitation } = await inviteMember(tx, { email: uniqueEmail("invited-with-a-rather-long-address"), role: "salesman", actorRole: "owner", inviterMembershipId: owner.membershipId, inviterName: owner.ownerName });
    await publishNotice(tx, "organisation", { bodyMarkdown: "## How we use your details\n\nWe answer your enquiries.", lastUpdated: today, effectiveDate: today, material: false });
    const page = await createLandingPage(tx, {
      title: "Spring clearance",
      slug: landingSlug,
      bodyMarkdown: "## Clearance\n\nAsk for our price list.",
      fields: ["name", "email", "phone", "company", "message"],
      marketingConsentEnabled: true,
      marketingConsentWording: "Yes, send me offers by email.",
      notificationEmail: "sales@example.test",
      isPublished: true,
    });
    const taxRate = await createTaxRate(tx, { name: "Standard rate", rateBp: 2000, accountId: (await findAccountByRole(tx, "tax_payable"))!.id });
    const item = await createItem(tx, {
      sku: "NUDEL-DINKEL-VOLLKORN-5KG-GROSSPACKUNG",
      name: LONG.item,
      category: "Teigwaren und Getreideprodukte",
      unit: "kg",
      unitDecimals: 3,
      barcode: "4006381333931",
      salePriceMinor: 1499n,
      costMinor: 912n,
      taxRateBp: 700,
      reorderLevel: "25",
      reorderQty: "100",
      units: [{ unit: "Sack", factor: "5" }],
    });
    const priceList = await createPriceList(tx, { name: "Großhandel Stammkunden Frühjahr 2026", taxInclusive: false, discount: 750, validFrom: null, validUntil: null, isDefault: false, isActive: true });
    await setItemPrice(tx, priceList.id, { sku: item.sku, minQuantity: "25", unitPrice: 1299n });
    await setCustomerPriceList(tx, customer.id, priceList.id);
    await addContact(tx, customer.id, { name: "Friederike Einkaufsleiterin-Oberholzer", role: "Leitung Einkauf", email: "einkauf@mueller-grosshandel.example", phone: "+49 30 1234568" });
    await addAddress(tx, customer.id, { label: "Zentrallager Berlin-Spandau", street: "Industriestraße 45\nTor 3", city: "Berlin", postalCode: "13597", country: "DE", isDefault: true });
    const warehouse = (await defaultWarehouse(tx))!;
    await receiveStock(tx, { itemId: item.id, warehouseId: warehouse.id, quantity: "12.5", date: today, source: { type: "manual", id: "Lieferschein 2026-000123" } });
    const count = await createStockCount(tx, { warehouseId: warehouse.id, countDate: today, note: "Quarterly count of the dry goods aisle" });
    const importId = await createImport(tx, {
      kind: "items",
      filename: "Neue Artikel Frühjahr.csv",
      table: { format: "csv", headers: ["sku", "name", "unit"], rows: [{ line: 2, cells: ["SWEEP-1", LONG.item, "kg"] }] },
      userId: owner.userId,
    });
    // A posted invoice of the customer (with a line that took stock), for the sales document pages.
    const invoice = await postDocument(
      tx,
      (await createSalesDraft(tx, { kind: "invoice", customerId: customer.id, issueDate: today, notes: "Delivered to the loading dock at the rear entrance", lines: [{ itemId: item.id, quantity: "1.5", discountBp: 250 }] })).id,
    );
    const ids = { documentId: invoice.id, importId, customerId: customer.id, supplierId: supplier.id, accountId: cash.id, draftId: draft.id, entryId: entry.id, invitationId: invitation.id, itemId: item.id, warehouseId: warehouse.id, countId: count.id, taxRateId: taxRate.id, priceListId: priceList.id };
    return { page, ids };
  });
  const lead = await withTenant({ tenantId: owner.tenantId, userId: null, dataScope: "all" }, (tx) =>
    submitLead(tx, page, {
      visitorId: null,
      submission: {
        name: "Maximiliane Mustermann-Lüdenscheidt",
        email: uniqueEmail("maximiliane.mustermann-luedenscheidt"),
        phone: "+49 170 1234567",
        company: "Feinkost Mustermann-Lüdenscheidt KG",
        message: null,
        marketingConsent: false,
        consentWording: null,
        utm_source: "wholesale-partner-newsletter",
        utm_medium: "email-campaign",
        utm_campaign: LONG.campaign,
        utm_term: null,
        utm_content: null,
        referrer: null,
      },
    }),
  );
  return { landingPageSlug: page.slug, records: { ...ids, pageId: page.id, pageSlug: page.slug, leadId: lead.id, membershipId: member.membership.id } };
}
