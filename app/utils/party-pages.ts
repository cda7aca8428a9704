import { CUSTOMER_FIELDS, type PartyFieldSpec, SUPPLIER_FIELDS } from "~/modules/parties/forms";
import type { PartyKind } from "~/modules/parties/schema";
import type { Permission } from "~/modules/tenancy/permissions";

/*
 * What differs between the customer and the supplier pages (list, new, detail): one route shape, told by kind.
 */

export interface PartyPageSpec {
  kind: PartyKind;
  noun: string;
  Noun: string;
  plural: "customers" | "suppliers";
  Plural: string;
  /** Below /app/<org>/. */
  path: string;
  /** The route parameter of the detail page. */
  param: string;
  read: Permission;
  write: Permission;
  fields: readonly PartyFieldSpec[];
  /** The account the balance is open on. */
  balanceLabel: string;
  everyone: string;
  someone: string;
  paymentTermsHint: string;
}

export const PARTY_PAGES: Record<PartyKind, PartyPageSpec> = {
  customer: {
    kind: "customer",
    noun: "customer",
    Noun: "Customer",
    plural: "customers",
    Plural: "Customers",
    path: "sales/customers",
    param: "customerId",
    read: "sales:read",
    write: "sales:write",
    fields: CUSTOMER_FIELDS,
    balanceLabel: "Balance on receivables",
    everyone: "Everyone this organisation sells to.",
    someone: "Someone this organisation sells to.",
    paymentTermsHint: "Days the customer has to pay an invoice.",
  },
  supplier: {
    kind: "supplier",
    noun: "supplier",
    Noun: "Supplier",
    plural: "suppliers",
    Plural: "Suppliers",
    path: "purchasing/suppliers",
    param: "supplierId",
    read: "purchasing:read",
    write: "purchasing:write",
    fields: SUPPLIER_FIELDS,
    balanceLabel: "Balance on payables",
    everyone: "Everyone this organisation buys from.",
    someone: "Someone this organisation buys from.",
    paymentTermsHint: "Days you have to pay the supplier's bills.",
  },
};
