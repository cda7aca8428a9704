import { db } from "~/db.server";
import { createAccount, hashNewPassword } from "~/modules/identity/signup.server";
import { createItem } from "~/modules/inventory/items.server";
import { receiveStock } from "~/modules/inventory/stock.server";
import { createWarehouse, defaultWarehouse } from "~/modules/inventory/warehouses.server";
import { findAccountByRole } from "~/modules/ledger/accounts.server";
import { createTaxRate } from "~/modules/ledger/tax-rates.server";
import { createParty } from "~/modules/parties/parties.server";
import { acceptedFolioNoticeVersion } from "~/modules/privacy/notices.server";
import { createDraft } from "~/modules/sales/documents.server";
import { recordPayment } from "~/modules/sales/payments.server";
import { postDocument } from "~/modules/sales/post-document.server";
import { type TenantActor, withTenant } from "~/modules/tenancy/context.server";
import { addDays, daysBetween } from "~/utils/dates";
import { addMember } from "./add-member.server";

/** The demo's two salesmen, who log in with the demo password and see only their own customers. */
export const DEMO_SALESMEN = [
  { name: "Sam Salesman", email: "sam@demo.folio.test" },
  { name: "Sofia Sales", email: "sofia@demo.folio.test" },
] as const;

/** Goods of a wholesale grocer: SKU, name, unit, cost and price (minor units), tax (basis points), reorder level. */
const GOODS: Array<[string, string, string, number, number, number, number]> = [
  ["OIL-OLV-5L", "Extra virgin olive oil, 5 l can", "can", 2150, 3290, 700, 20],
  ["RICE-BAS-10", "Basmati rice, 10 kg sack", "sack", 1380, 2190, 700, 25],
  ["PASTA-SPA-5", "Spaghetti n.5, 5 kg", "box", 640, 1090, 700, 40],
  ["TOM-PEEL-25", "Peeled tomatoes, 2.5 kg tin", "tin", 310, 520, 700, 60],
  ["FLOUR-00-25", "Flour type 00, 25 kg sack", "sack", 1120, 1690, 700, 15],
  ["SUGAR-W-25", "White sugar, 25 kg sack", "sack", 1490, 2120, 700, 10],
  ["COFFEE-B-1", "Coffee beans, espresso blend, 1 kg", "bag", 1290, 2150, 700, 30],
  ["TEA-BLK-500", "Black tea, 500 bags", "box", 1840, 2990, 700, 12],
  ["SALT-SEA-10", "Sea salt, 10 kg", "bag", 420, 790, 700, 10],
  ["VIN-WHT-5L", "White wine vinegar, 5 l", "can", 380, 690, 2000, 10],
  ["CHICK-2K", "Chickpeas, 2 kg tin", "tin", 290, 510, 700, 30],
  ["LENT-RED-5", "Red lentils, 5 kg", "bag", 720, 1190, 700, 20],
  ["NAPK-2000", "Paper napkins, 2,000", "box", 960, 1590, 2000, 25],
  ["FOIL-ALU-300", "Aluminium foil, 300 m roll", "roll", 1470, 2390, 2000, 10],
  ["GLOV-NIT-100", "Nitrile gloves, box of 100", "box", 520, 890, 2000, 50],
  ["DET-DISH-10", "Dishwasher detergent, 10 l", "can", 1690, 2790, 2000, 8],
];

const CUSTOMERS = [
  "Trattoria Bella Vista", "Café Central", "Hotel Alpenblick", "Restaurant Le Jardin", "Bistro Ørsted", "Taverna Olympia",
  "Kantine Müller & Co.", "Pizzeria Napoli", "Grand Hôtel du Lac", "Imbiss am Markt", "Sushi Sakura", "Brasserie Lumière",
  "Gasthaus Zum Löwen", "Mensa Universität Nord", "Pasticceria Dolce", "Catering Šimková", "Bäckerei Sonnenschein",
  "Seniorenheim Lindenhof", "Hostel Backpackers' Inn", "Bar Tapas Sevilla", "Kebab Haus Istanbul", "Deli Łódź", "Café Noir",
  "Restaurant Fjord",
];

/** A pseudo-random sequence from a seed, the same on every run (the demo looks the same everywhere). */
function sequence(seed: number) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface DemoBusiness {
  salesmen: Array<{ userId: string; email: string }>;
  /** Each customer's salesman (null: nobody's). */
  assignees: Array<string | null>;
  customerIds: string[];
  itemIds: string[];
  warehouseIds: string[];
}

/**
 * Turns the demo owner's new organisation into a wholesale grocer a newcomer can look around: two salesmen with
 * customers assigned to each (and a few to nobody), a supplier, 16 items with opening stock in two warehouses
 * received a year before `today` on the supplier's account, tax rates, and a year of invoices written by the
 * salesmen (the owner for customers of nobody's), most paid some weeks later, the latest still open, a few
 * overdue. Everything goes through the modules' operations, audited and posted like work done in the app.
 */
export async function seedDemoBusiness(owner: TenantActor, options: { today: string; password: string }): Promise<DemoBusiness> {
  const random = sequence(2026);
  const salesmen: DemoBusiness["salesmen"] = [];
  for (const person of DEMO_SALESMEN) {
    const passwordHash = await hashNewPassword({ password: options.password, email: person.email, name: person.name });
    const user = await db().transaction(async (tx) =>
      createAccount(tx, { email: person.email, name: person.name, passwordHash, privacyNoticeVersion: await acceptedFolioNoticeVersion(tx), emailVerified: true }),
    );
    await withTenant(owner, (tx) => addMember(tx, { tenantId: owner.tenantId, userId: user.id, role: "salesman" }));
    salesmen.push({ userId: user.id, email: person.email });
  }
  const opening = addDays(options.today, -365);
  const business = await withTenant(owner, async (tx) => {
    const taxAccount = (await findAccountByRole(tx, "tax_payable"))!;
    await createTaxRate(tx, { name: "Standard rate 20%", rateBp: 2000, accountId: taxAccount.id });
    await createTaxRate(tx, { name: "Reduced rate 7% (food)", rateBp: 700, accountId: taxAccount.id });
    const main = (await defaultWarehouse(tx))!;
    const north = await createWarehouse(tx, { code: "NORTH", name: "North depot" });
    const supplier = await createParty(tx, "supplier", {
      name: "Mediterranea Foods S.p.A.",
      email: "orders@mediterranea.example",
      phone: "+39 02 555 0100",
      taxId: "IT01234567890",
      address: "Via Roma 1\n20121 Milano",
      paymentTermsDays: 30,
    });
    const payable = (await findAccountByRole(tx, "payable"))!;
    const itemIds: string[] = [];
    for (const [sku, name, unit, cost, price, taxBp, reorder] of GOODS) {
      const item = await createItem(tx, {
        sku,
        name,
        unit,
        category: taxBp === 700 ? "Food" : "Supplies",
        salePriceMinor: BigInt(price),
        costMinor: BigInt(cost),
        taxRateBp: taxBp,
        reorderLevel: String(reorder),
        reorderQty: String(reorder * 4),
      });
      itemIds.push(item.id);
      for (const warehouse of [main, north]) {
        const quantity = String(reorder * (warehouse === main ? 8 : 3) + Math.floor(random() * reorder * 2));
        await receiveStock(tx, {
          itemId: item.id,
          warehouseId: warehouse.id,
          quantity,
          unitCostMinor: BigInt(cost),
          date: opening,
          counterAccountId: payable.id,
          partyId: supplier.id,
          source: { type: "opening", id: "DEMO-OPENING" },
          memo: `Opening stock of ${sku}`,
        });
      }
    }
    const customerIds: string[] = [];
    for (const [index, name] of CUSTOMERS.entries()) {
      const assigned = index % 6 === 5 ? null : salesmen[index % 2].userId;
      const slug = name.toLowerCase().normalize("NFKD").replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "");
      const customer = await createParty(tx, "customer", {
        name,
        email: `orders@${slug}.example`,
        phone: `+49 30 ${String(5550000 + index * 37).slice(0, 7)}`,
        taxId: null,
        billingAddress: `${name}\nHauptstraße ${index + 1}\n10115 Berlin`,
        paymentTermsDays: index % 3 === 0 ? 14 : 30,
        assignedUserId: assigned,
      });
      customerIds.push(customer.id);
    }
    return { salesmen, customerIds, assignees: CUSTOMERS.map((_, index) => (index % 6 === 5 ? null : salesmen[index % 2].userId)), itemIds, warehouseIds: [main.id, north.id] };
  });
  await seedYearOfSales(owner, business, { today: options.today, random });
  return business;
}

const INVOICES_PER_MONTH = 8;

/** Invoices over the twelve months before `today`, each by the customer's salesman, and their payments. */
async function seedYearOfSales(owner: TenantActor, business: DemoBusiness & { assignees: Array<string | null> }, options: { today: string; random: () => number }) {
  const { random, today } = options;
  const reorderOf = new Map(GOODS.map(([, , , , , , reorder], index) => [business.itemIds[index], reorder]));
  for (let month = 11; month >= 0; month--) {
    for (let n = 0; n < INVOICES_PER_MONTH; n++) {
      const issueDate = addDays(today, -(month * 30 + Math.floor(random() * 28) + 2));
      if (daysBetween(issueDate, today) < 1) continue;
      const index = Math.floor(random() * business.customerIds.length);
      const customerId = business.customerIds[index];
      const assignee = business.assignees[index];
      const actor: TenantActor = assignee ? { tenantId: owner.tenantId, userId: assignee, dataScope: "assigned", role: "salesman" } : owner;
      const lineCount = 1 + Math.floor(random() * 3);
      const chosen = new Set<string>();
      while (chosen.size < lineCount) chosen.add(business.itemIds[Math.floor(random() * business.itemIds.length)]);
      const lines = [...chosen].map((itemId) => ({
        itemId,
        warehouseId: business.warehouseIds[0],
        quantity: String(1 + Math.floor((random() * reorderOf.get(itemId)!) / 4)),
      }));
      await withTenant(actor, async (tx) => {
        const invoice = await postDocument(tx, (await createDraft(tx, { kind: "invoice", customerId, issueDate, lines })).id);
        // Paid three to seven weeks later, when that is before today; about one in twelve never (overdue).
        const paidOn = addDays(issueDate, 21 + Math.floor(random() * 28));
        if (paidOn < today && random() > 1 / 12) {
          await recordPayment(tx, {
            customerId,
            method: random() < 0.7 ? "bank_transfer" : "cash",
            reference: `Payment of ${invoice.number}`,
            paymentDate: paidOn,
            amountMinor: invoice.totalMinor,
            allocations: [{ invoiceId: invoice.id, amountMinor: invoice.totalMinor }],
          });
        }
      });
    }
  }
}
