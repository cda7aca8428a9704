/**
 * Schemas of the inventory's forms and list filters, read at the edge (parseForm, readQuery). They check the
 * shape of what was typed (present, not too long, one of the choices) and read amounts in the organisation's
 * currency; the module's operations check the rest (a quantity against its unit's decimals, a SKU against the
 * others, the stock available) and name the field they refuse. No server-only imports here: components use it.
 */
import { z } from "zod";
import { isIsoDate } from "~/utils/dates";
import { checkboxField, moneyField, percentBpField } from "~/utils/amount-fields";
import { toDecimalString } from "~/utils/money";
import { queryChoice, queryDate, queryText, queryUuid } from "~/utils/query-fields";
import { hiddenInput, multiline } from "~/utils/text-input";

/** A route parameter naming a row: anything but a UUID is a 404, like another organisation's row. */
export const idParam = z.string().uuid();

const text = (max: number, required?: string) => {
  const base = z
    .string({ required_error: required ?? "Fill this in." })
    .trim()
    .max(max, `Use at most ${max} characters.`);
  return required ? base.min(1, required) : base.default("");
};

const checkbox = checkboxField;

const isoDate = (label: string) =>
  z
    .string({ required_error: `Enter the ${label}.` })
    .trim()
    .min(1, `Enter the ${label}.`)
    .refine((value) => isIsoDate(value), `Enter the ${label} as a real date.`);

const optionalIsoDate = (label: string) =>
  z
    .string()
    .trim()
    .optional()
    .transform((value) => value || undefined)
    .refine((value) => value === undefined || isIsoDate(value), `Enter the ${label} as a real date.`);

/** A quantity as typed ("12", "2.5", "1,000"): its exactness against the item's unit is the module's to check. */
function quantityText(label: string, options: { required?: boolean; signed?: boolean } = {}) {
  const pattern = options.signed ? /^[-+]?[\d,]*\.?\d*$/ : /^\+?[\d,]*\.?\d*$/;
  const message = options.signed ? `${label} must be a number, like 12, 2.5 or -3.` : `${label} must be a number, like 12 or 2.5.`;
  const base = z
    .string()
    .trim()
    .max(24, `${label} is too long.`)
    .refine((value) => value === "" || (pattern.test(value.replace(/\s/g, "")) && /\d/.test(value)), message);
  if (options.required) return base.refine((value) => value !== "", `Enter ${label.toLowerCase().replace(/^the /, "the ")}.`);
  return base.optional().transform((value) => value || null);
}

const moneyText = moneyField;

const percentText = percentBpField("The tax rate is a percentage from 0 to 100, like 20 or 7.5.");

// Items

export const ITEM_SORT_CHOICES = ["sku", "name", "category", "sale_price", "updated"] as const;
export const ITEM_SORT_LABELS: Record<(typeof ITEM_SORT_CHOICES)[number], string> = {
  sku: "SKU",
  name: "Name",
  category: "Category",
  sale_price: "Sale price",
  updated: "Last changed",
};

const cursor = z.string().max(600, "Use the page links to page.").optional();

export const itemListQuerySchema = z.object({
  q: queryText(100),
  category: queryText(100),
  kind: queryChoice(["stock", "service"] as const),
  status: queryChoice(["active", "inactive", "all"] as const),
  reorder: queryChoice(["below"] as const),
  sort: queryChoice(ITEM_SORT_CHOICES),
  direction: queryChoice(["asc", "desc"] as const),
  after: cursor,
});

/** The item form (new and edit), in the organisation's currency: what createItem and updateItem take. */
export function itemFormSchema(currency: string) {
  return z.object({
    sku: text(64, "Enter the SKU."),
    name: text(200, "Enter the item's name."),
    description: multiline(text(5000)),
    category: text(100),
    barcode: text(64),
    kind: z
      .enum(["stock", "service"], {
        errorMap: () => ({ message: "Choose stock item or service." }),
      })
      .default("stock"),
    unit: text(20, "Enter the unit, like pcs or kg."),
    unitDecimals: z
      .string()
      .trim()
      .regex(/^[0-6]?$/, "Use a number of decimals from 0 to 6.")
      .optional()
      .transform((value) => Number(value || "0")),
    salePrice: moneyText(currency, "The sale price", 0n),
    cost: moneyText(currency, "The cost", 0n),
    taxRate: percentText,
    reorderLevel: quantityText("The reorder level"),
    reorderQty: quantityText("The reorder quantity"),
    lotTracked: checkbox,
    isActive: checkbox,
  });
}

/** The ItemInput of a parsed item form. */
export function itemInputOf(form: z.output<ReturnType<typeof itemFormSchema>>, options: { editing: boolean }) {
  return {
    sku: form.sku,
    name: form.name,
    description: form.description,
    category: form.category || null,
    barcode: form.barcode || null,
    kind: form.kind,
    unit: form.unit,
    unitDecimals: form.unitDecimals,
    salePriceMinor: form.salePrice,
    costMinor: form.cost,
    taxRateBp: form.taxRate,
    reorderLevel: form.reorderLevel,
    reorderQty: form.reorderQty,
    lotTracked: form.lotTracked,
    // A new item is active; the edit form says.
    isActive: options.editing ? form.isActive : true,
  };
}

/** The item form's fields as stored, to edit. */
export function itemFormValues(
  item: {
    sku: string;
    name: string;
    description: string;
    category: string | null;
    barcode: string | null;
    kind: string;
    unit: string;
    unitDecimals: number;
    salePriceMinor: bigint;
    costMinor: bigint | null;
    taxRateBp: number;
    lotTracked: boolean;
    isActive: boolean;
  },
  quantities: { reorderLevel: string; reorderQty: string },
  currency: string,
): Record<string, string> {
  return {
    sku: item.sku,
    name: item.name,
    description: item.description,
    category: item.category ?? "",
    barcode: item.barcode ?? "",
    kind: item.kind,
    unit: item.unit,
    unitDecimals: String(item.unitDecimals),
    salePrice: toDecimalString(item.salePriceMinor, currency),
    cost: item.costMinor === null ? "" : toDecimalString(item.costMinor, currency),
    taxRate: String(item.taxRateBp / 100),
    reorderLevel: quantities.reorderLevel,
    reorderQty: quantities.reorderQty,
    lotTracked: String(item.lotTracked),
    isActive: String(item.isActive),
  };
}

// Warehouses

export const warehouseFormSchema = z.object({
  code: text(20, "Enter the warehouse's code."),
  name: text(200, "Enter the warehouse's name."),
  address: multiline(text(1000)),
});

export const warehouseActionSchema = z.discriminatedUnion("intent", [
  warehouseFormSchema.extend({ intent: z.literal("update") }),
  z.object({
    intent: z.literal("add-bin"),
    code: text(40, "Enter the bin's code."),
    name: text(200),
  }),
  z.object({ intent: z.literal("make-default") }),
  z.object({ intent: z.literal("deactivate") }),
  z.object({ intent: z.literal("reactivate") }),
]);

// Stock lists

export const moveHistoryQuerySchema = z.object({ after: cursor });

export const reorderQuerySchema = z.object({ after: cursor });

export const MOVE_FILTER_DATE_FIELDS = { from: "start date", to: "end date" };

export const MOVE_KIND_CHOICES = ["receipt", "issue", "transfer_in", "transfer_out", "adjustment", "count"] as const;

export const moveListQuerySchema = z.object({
  item: queryText(64),
  warehouse: queryUuid,
  kind: queryChoice(MOVE_KIND_CHOICES),
  from: queryDate,
  to: queryDate,
  after: cursor,
});

export const balanceListQuerySchema = z.object({
  warehouse: queryUuid,
  q: queryText(100),
  zero: queryChoice(["show"] as const),
  after: cursor,
});

export const AS_OF_DATE_FIELDS = { date: "date" };

/** Stock as at a date: the day (today when none), a warehouse, part of a SKU or name, the page. */
export const stockAsOfQuerySchema = z.object({
  date: queryDate,
  warehouse: queryUuid,
  q: queryText(100),
  after: cursor,
});

export const EXPIRY_DAYS_MAX = 3650;

/** Lots expiring soon: within how many days (30 when none), in which warehouse. */
export const expiringQuerySchema = z.object({
  days: z
    .string()
    .trim()
    .regex(/^\d{1,4}$/, `Use a whole number of days from 0 to ${EXPIRY_DAYS_MAX}.`)
    .transform(Number)
    .refine((days) => days <= EXPIRY_DAYS_MAX, `Use a whole number of days from 0 to ${EXPIRY_DAYS_MAX}.`)
    .optional(),
  warehouse: queryUuid,
});

/** The reconciliation with the ledger: at the end of which day (today when none). */
export const reconciliationQuerySchema = z.object({ date: queryDate });

// Item units: rows of unit, factor and barcode, `units.<row>.unit` and so on, as the module names its refusals

export const MAX_ITEM_UNITS = 20;

export const itemUnitsFormSchema = z.object(
  Object.fromEntries(
    Array.from({ length: MAX_ITEM_UNITS }, (_, row) => [
      [`units.${row}.unit`, text(20)],
      [`units.${row}.factor`, text(24)],
      [`units.${row}.barcode`, text(64)],
    ]).flat(),
  ) as Record<string, ReturnType<typeof text>>,
);

/** The filled rows of a units form (a row with anything in it), with the form row each came from. */
export function itemUnitsOf(form: Record<string, string>): Array<{ row: number; unit: string; factor: string; barcode: string | null }> {
  const rows = [];
  for (let row = 0; row < MAX_ITEM_UNITS; row++) {
    const unit = form[`units.${row}.unit`] ?? "";
    const factor = form[`units.${row}.factor`] ?? "";
    const barcode = form[`units.${row}.barcode`] ?? "";
    if (unit || factor || barcode) rows.push({ row, unit, factor, barcode: barcode || null });
  }
  return rows;
}

/** The organisation's inventory settings. */
export const inventorySettingsFormSchema = z.object({ allowNegativeStock: checkbox });

// Stock operations: one line each (an item by SKU or barcode, a warehouse or two, a quantity)

export const STOCK_DATE_FIELDS = { date: "date", expiryDate: "expiry date" };

const itemCode = z
  .string({ required_error: "Enter the item's SKU or barcode." })
  .trim()
  .min(1, "Enter the item's SKU or barcode.")
  .max(64, "Use at most 64 characters.");
const warehouseField = (label: string) =>
  z
    .string({ required_error: `Choose the ${label}.` })
    .trim()
    .min(1, `Choose the ${label}.`)
    .uuid(`Choose the ${label} from the list.`);

export const receiveFormSchema = (currency: string) =>
  z.object({
    item: itemCode,
    warehouseId: warehouseField("warehouse"),
    quantity: quantityText("The quantity", { required: true }),
    unitCost: moneyText(currency, "The unit cost", null),
    date: isoDate("date"),
    lotNumber: text(64),
    expiryDate: optionalIsoDate("expiry date"),
    reference: text(200),
  });

export const issueFormSchema = z.object({
  item: itemCode,
  warehouseId: warehouseField("warehouse"),
  quantity: quantityText("The quantity", { required: true }),
  date: isoDate("date"),
  lotNumber: text(64),
  reference: text(200),
});

export const transferFormSchema = z
  .object({
    item: itemCode,
    fromWarehouseId: warehouseField("warehouse to take from"),
    toWarehouseId: warehouseField("warehouse to move to"),
    quantity: quantityText("The quantity", { required: true }),
    date: isoDate("date"),
    reference: text(200),
  })
  .refine((form) => form.fromWarehouseId !== form.toWarehouseId, {
    message: "Choose another warehouse than the one the stock comes from.",
    path: ["toWarehouseId"],
  });

export const adjustFormSchema = (currency: string) =>
  z.object({
    item: itemCode,
    warehouseId: warehouseField("warehouse"),
    quantity: quantityText("The quantity", { required: true, signed: true }),
    unitCost: moneyText(currency, "The unit cost", null),
    date: isoDate("date"),
    reason: text(500, "Say why the stock changes."),
  });

/** ?item=<id> on a stock form: the item to start with. */
export const stockFormQuerySchema = z.object({ item: queryUuid });

// Stock counts

/** What a count's status reads as. */
export const COUNT_STATUS_LABELS: Record<string, string> = {
  open: "Open",
  posted: "Posted",
  cancelled: "Cancelled",
};

export const COUNT_DATE_FIELDS = { countDate: "count date" };

export const startCountSchema = z.object({
  warehouseId: warehouseField("warehouse to count"),
  countDate: isoDate("count date"),
  note: text(500),
});

/** A count's lines are `counted.<itemId>` fields (blank: not counted yet), and one more added by its SKU or barcode. */
export const countActionSchema = z.preprocess(
  (raw) => {
    const flat = (raw ?? {}) as Record<string, unknown>;
    const counted: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(flat)) if (key.startsWith("counted.")) counted[key.slice("counted.".length)] = value;
    return {
      intent: flat.intent,
      counted,
      addItem: flat.addItem,
      addLot: flat.addLot,
      addCounted: flat.addCounted,
    };
  },
  z.object({
    intent: hiddenInput(
      z.enum(["save", "review", "post", "cancel"], {
        errorMap: () => ({ message: "Unknown action." }),
      }),
    ),
    counted: z.record(z.string({ invalid_type_error: "Each counted quantity is sent once." }).trim().max(24, "A counted quantity is at most 24 characters.")),
    addItem: text(64),
    addLot: text(64),
    addCounted: z.string().trim().max(24, "Use at most 24 characters.").default(""),
  }),
);
