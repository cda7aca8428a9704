/**
 * The price lists' form schemas, read at the edge (parseForm). Amounts are read in the organisation's currency as
 * minor units and percentages as basis points, exactly; a negative price or a discount over 100% is refused beside
 * its field. Dates arrive as ISO dates (parseForm's `dates` option reads them in the organisation's locale). No
 * server-only imports: components use it.
 */
import { z } from "zod";
import { checkboxField, moneyField, percentBpField } from "~/utils/amount-fields";
import { isUuid } from "~/utils/ids";
import { hiddenInput } from "~/utils/text-input";

export const PRICE_LIST_NAME_MAX = 100;

/** The list's date fields, for parseForm's `dates` option and the page's DateFields. */
export const PRICE_LIST_DATE_FIELDS = { validFrom: "first day", validUntil: "last day" };

const optionalDate = z
  .string()
  .trim()
  .optional()
  .transform((value) => value || null);

const priceListFields = z.object({
  name: z
    .string({ required_error: "Enter a name for the price list." })
    .trim()
    .min(1, "Enter a name for the price list.")
    .max(PRICE_LIST_NAME_MAX, `Use at most ${PRICE_LIST_NAME_MAX} characters.`),
  taxInclusive: checkboxField,
  discount: percentBpField("The discount is a percentage from 0 to 100, like 10 or 12.5."),
  validFrom: optionalDate,
  validUntil: optionalDate,
  isDefault: checkboxField,
  isActive: checkboxField,
});

function datesInOrder(list: { validFrom: string | null; validUntil: string | null }, context: z.RefinementCtx) {
  if (list.validFrom && list.validUntil && list.validFrom > list.validUntil) {
    context.addIssue({ code: "custom", message: "The last day cannot be before the first day.", path: ["validUntil"] });
  }
}

export const priceListSchema = priceListFields.superRefine(datesInOrder);
export type PriceListInput = z.output<typeof priceListFields>;

/** A price of an item on a list, from a quantity on; the item is named by its SKU. */
export function itemPriceSchema(currency: string) {
  return z.object({
    sku: z.string({ required_error: "Enter the item's SKU." }).trim().min(1, "Enter the item's SKU.").max(64, "Use at most 64 characters."),
    minQuantity: z
      .string()
      .trim()
      .max(24, "The quantity is too long.")
      .optional()
      .transform((value) => value || "0"),
    unitPrice: moneyField(currency, "The unit price", null).refine((value): value is bigint => value !== null, "Enter the unit price."),
  });
}
export type ItemPriceInput = z.output<ReturnType<typeof itemPriceSchema>>;

const rowId = hiddenInput(z.string().refine(isUuid, "This form names no record; reload the page."));

/** The forms of a price list's page: its settings, a price to set, a price to remove. */
export function priceListActionSchema(currency: string) {
  return z
    .discriminatedUnion("intent", [
      priceListFields.extend({ intent: z.literal("update") }),
      itemPriceSchema(currency).extend({ intent: z.literal("set-price") }),
      z.object({ intent: z.literal("remove-price"), priceId: rowId }),
    ])
    .superRefine((input, context) => {
      if (input.intent === "update") datesInOrder(input, context);
    });
}

/** The customer page's choice of price list: a list's id, or blank for the organisation's default. */
export const customerPriceListSchema = z.object({
  intent: z.literal("price-list"),
  priceListId: z
    .string()
    .trim()
    .refine((value) => value === "" || isUuid(value), "Choose a price list from the list.")
    .transform((value) => value || null),
});
