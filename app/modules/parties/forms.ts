import { z } from "zod";

/** Length limits of the party fields, shared by the schemas and the inputs' maxLength. */
export const PARTY_LIMITS = {
  name: 200,
  email: 254,
  phone: 50,
  taxId: 50,
  address: 1000,
} as const;

export const MAX_PAYMENT_TERMS_DAYS = 365;
export const DEFAULT_PAYMENT_TERMS_DAYS = 30;

import { checkboxField, moneyField } from "~/utils/amount-fields";
import { isUuid } from "~/utils/ids";
import { queryChoice, queryPage, queryText } from "~/utils/query-fields";
import { hiddenInput, multiline } from "~/utils/text-input";

export { isUuid };

const tooLong = (max: number) => `Use at most ${max} characters.`;

const nameField = z
  .string({ required_error: "Enter a name." })
  .trim()
  .min(1, "Enter a name.")
  .max(PARTY_LIMITS.name, tooLong(PARTY_LIMITS.name));

/** An optional text: blank becomes null. */
function optionalText(max: number) {
  return z
    .string()
    .trim()
    .max(max, tooLong(max))
    .optional()
    .transform((value) => value || null);
}

const emailField = z
  .string()
  .trim()
  .max(PARTY_LIMITS.email, tooLong(PARTY_LIMITS.email))
  .refine((value) => value === "" || z.string().email().safeParse(value).success, "Enter a valid email address, like name@example.com.")
  .optional()
  .transform((value) => (value ? value.toLowerCase() : null));

const paymentTermsField = z
  .string({ required_error: `Enter the payment terms in days, from 0 to ${MAX_PAYMENT_TERMS_DAYS}.` })
  .trim()
  .regex(/^\d{1,3}$/, `Enter a whole number of days from 0 to ${MAX_PAYMENT_TERMS_DAYS}.`)
  .transform(Number)
  .refine((days) => days <= MAX_PAYMENT_TERMS_DAYS, `Enter a whole number of days from 0 to ${MAX_PAYMENT_TERMS_DAYS}.`);

/** Absent: leave the assignment as it is. Blank: unassigned. Otherwise the user id of a salesman. */
const assignedUserField = z
  .string()
  .trim()
  .refine((value) => value === "" || isUuid(value), "Choose a salesman from the list.")
  .transform((value) => value || null)
  .optional();

export const customerSchema = z.object({
  name: nameField,
  email: emailField,
  phone: optionalText(PARTY_LIMITS.phone),
  taxId: optionalText(PARTY_LIMITS.taxId),
  billingAddress: optionalText(PARTY_LIMITS.address),
  paymentTermsDays: paymentTermsField,
  assignedUserId: assignedUserField,
});
export type CustomerInput = z.output<typeof customerSchema>;

export const supplierSchema = z.object({
  name: nameField,
  email: emailField,
  phone: optionalText(PARTY_LIMITS.phone),
  taxId: optionalText(PARTY_LIMITS.taxId),
  address: optionalText(PARTY_LIMITS.address),
  paymentTermsDays: paymentTermsField,
});
export type SupplierInput = z.output<typeof supplierSchema>;

/** The detail pages' forms: edit the fields, or switch the party off and on again. */
export const customerActionSchema = z.discriminatedUnion("intent", [
  customerSchema.extend({ intent: z.literal("update") }),
  z.object({ intent: z.literal("deactivate") }),
  z.object({ intent: z.literal("reactivate") }),
]);

export const supplierActionSchema = z.discriminatedUnion("intent", [
  supplierSchema.extend({ intent: z.literal("update") }),
  z.object({ intent: z.literal("deactivate") }),
  z.object({ intent: z.literal("reactivate") }),
]);

export const PARTY_STATUSES = ["active", "inactive", "all"] as const;
export type PartyStatus = (typeof PARTY_STATUSES)[number];

/** The list pages' query string (read with readQuery: a parameter that does not parse is ignored, and the page says so). */
export const partyListQuerySchema = z.object({
  q: queryText(200),
  status: queryChoice(PARTY_STATUSES),
  page: queryPage,
});

/** The inputs both kinds of party share, in form order, with their limits. */
export interface PartyFieldSpec {
  name: string;
  label: string;
  type?: "text" | "email" | "tel";
  maxLength: number;
  autoComplete?: string;
  required?: boolean;
}

export const CUSTOMER_FIELDS: readonly PartyFieldSpec[] = [
  { name: "name", label: "Name", maxLength: PARTY_LIMITS.name, autoComplete: "organization", required: true },
  { name: "email", label: "Email", type: "email", maxLength: PARTY_LIMITS.email, autoComplete: "email" },
  { name: "phone", label: "Phone", type: "tel", maxLength: PARTY_LIMITS.phone, autoComplete: "tel" },
  { name: "taxId", label: "Tax ID", maxLength: PARTY_LIMITS.taxId },
  { name: "billingAddress", label: "Billing address", maxLength: PARTY_LIMITS.address, autoComplete: "street-address" },
];

export const SUPPLIER_FIELDS: readonly PartyFieldSpec[] = [
  ...CUSTOMER_FIELDS.filter((field) => field.name !== "billingAddress"),
  { name: "address", label: "Address", maxLength: PARTY_LIMITS.address, autoComplete: "street-address" },
];

// The customer's extras: terms, contacts and delivery addresses (edited on the customer's page).

export const CUSTOMER_EXTRA_LIMITS = {
  notes: 5000,
  contactRole: 100,
  addressLabel: 100,
  city: 100,
  postalCode: 20,
} as const;

/** Credit limit, tax settings and notes, in the organisation's currency: what updateCustomerTerms takes. */
export function customerTermsSchema(currency: string) {
  return z.object({
    creditLimit: moneyField(currency, "The credit limit", null),
    taxExempt: checkboxField,
    notes: multiline(optionalText(CUSTOMER_EXTRA_LIMITS.notes)),
  });
}
export type CustomerTermsInput = z.output<ReturnType<typeof customerTermsSchema>>;

export const contactSchema = z.object({
  name: nameField,
  role: optionalText(CUSTOMER_EXTRA_LIMITS.contactRole),
  email: emailField,
  phone: optionalText(PARTY_LIMITS.phone),
});
export type ContactInput = z.output<typeof contactSchema>;

const requiredText = (max: number, message: string) => z.string({ required_error: message }).trim().min(1, message).max(max, tooLong(max));

export const addressSchema = z.object({
  label: requiredText(CUSTOMER_EXTRA_LIMITS.addressLabel, "Enter a label, like Warehouse or Main shop."),
  street: multiline(requiredText(PARTY_LIMITS.address, "Enter the street and number.")),
  city: requiredText(CUSTOMER_EXTRA_LIMITS.city, "Enter the town or city."),
  postalCode: optionalText(CUSTOMER_EXTRA_LIMITS.postalCode),
  country: z
    .string()
    .trim()
    .refine((value) => value === "" || /^[A-Za-z]{2}$/.test(value), "Enter the two-letter country code, like GB or DE.")
    .optional()
    .transform((value) => (value ? value.toUpperCase() : null)),
  isDefault: checkboxField,
});
export type AddressInput = z.output<typeof addressSchema>;

const rowId = hiddenInput(z.string().refine(isUuid, "This form names no record; reload the page."));

/** The forms of a customer's page besides its details: one intent each. */
export function customerExtrasActionSchema(currency: string) {
  return z.discriminatedUnion("intent", [
    customerTermsSchema(currency).extend({ intent: z.literal("terms") }),
    contactSchema.extend({ intent: z.literal("add-contact") }),
    contactSchema.extend({ intent: z.literal("update-contact"), contactId: rowId }),
    z.object({ intent: z.literal("remove-contact"), contactId: rowId }),
    addressSchema.extend({ intent: z.literal("add-address") }),
    addressSchema.extend({ intent: z.literal("update-address"), addressId: rowId }),
    z.object({ intent: z.literal("remove-address"), addressId: rowId }),
  ]);
}
export const CUSTOMER_EXTRA_INTENTS = ["terms", "add-contact", "update-contact", "remove-contact", "add-address", "update-address", "remove-address"] as const;

/** The customer search's query (the combobox's resource route). */
export const partySearchQuerySchema = z.object({
  q: queryText(100),
  kind: queryChoice(["customer", "supplier"] as const),
});
