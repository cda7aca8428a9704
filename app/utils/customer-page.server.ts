import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import {
  addAddress,
  addContact,
  customerExtras,
  removeAddress,
  removeContact,
  updateAddress,
  updateContact,
  updateCustomerTerms,
} from "~/modules/parties/customer-details.server";
import { CUSTOMER_EXTRA_INTENTS, customerExtrasActionSchema } from "~/modules/parties/forms";
import type { Customer } from "~/modules/parties/parties.server";
import { customerPriceListSchema } from "~/modules/sales/price-list-forms";
import { customerPriceList, listPriceLists, setCustomerPriceList } from "~/modules/sales/price-lists.server";
import { withTenant } from "~/modules/tenancy/context.server";
import { requireMember } from "~/modules/tenancy/guards.server";
import { can } from "~/modules/tenancy/permissions";
import { actionFailure } from "./errors.server";
import { redirectWithFlash } from "./flash.server";
import { badRequest, readFormData } from "./form-responses.server";
import { formValues, parseForm } from "./forms";
import { toDecimalString } from "./money";
import { partyDetailAction, partyDetailLoader } from "./party-pages.server";

/*
 * The customer's page: the details every party has (party-pages.server.ts), and a customer's own extras: credit
 * limit, tax settings and notes, contacts, delivery addresses and price list, read in the page's one transaction.
 */

export function customerPageLoader(args: LoaderFunctionArgs) {
  return partyDetailLoader(args, "customer", async (tx, party, member) => {
    const customer = party as Customer;
    const [{ contacts, addresses }, priceList, priceLists] = await Promise.all([
      customerExtras(tx, customer.id),
      customerPriceList(tx, customer.id),
      can(member.role, "sales:pricing") ? listPriceLists(tx) : Promise.resolve(null),
    ]);
    return {
      terms: {
        creditLimit: customer.creditLimitMinor === null ? "" : toDecimalString(customer.creditLimitMinor, member.organisation.currency),
        taxExempt: customer.taxExempt,
        notes: customer.notes ?? "",
      },
      contacts: contacts.map((c) => ({ id: c.id, name: c.name, role: c.role ?? "", email: c.email ?? "", phone: c.phone ?? "" })),
      addresses: addresses.map((a) => ({ id: a.id, label: a.label, street: a.street, city: a.city, postalCode: a.postalCode ?? "", country: a.country ?? "", isDefault: a.isDefault })),
      priceList: priceList ? { id: priceList.id, name: priceList.name } : null,
      priceLists: priceLists?.filter((l) => l.isActive || l.id === priceList?.id).map((l) => ({ id: l.id, name: l.name, isDefault: l.isDefault })) ?? null,
    };
  });
}

const MESSAGES: Record<(typeof CUSTOMER_EXTRA_INTENTS)[number] | "price-list", string> = {
  terms: "Credit limit, tax and notes saved.",
  "add-contact": "Contact added.",
  "update-contact": "Contact saved.",
  "remove-contact": "Contact removed.",
  "add-address": "Address added.",
  "update-address": "Address saved.",
  "remove-address": "Address removed.",
  "price-list": "Price list saved.",
};

export async function customerPageAction(args: ActionFunctionArgs) {
  const formData = await readFormData(args.request);
  const intent = formData.get("intent");
  const isExtra = (CUSTOMER_EXTRA_INTENTS as readonly unknown[]).includes(intent);
  if (!isExtra && intent !== "price-list") return partyDetailAction(args, "customer", formData);
  const member = await requireMember(args.request, args.params.org, intent === "price-list" ? "sales:pricing" : "sales:write");
  const id = args.params.customerId ?? "";
  const here = `/app/${member.organisation.slug}/sales/customers/${id}`;
  const values = formValues(formData);
  try {
    if (intent === "price-list") {
      const parsed = parseForm(customerPriceListSchema, formData);
      if (!parsed.ok) return badRequest(parsed);
      await withTenant(member.actor, (tx) => setCustomerPriceList(tx, id, parsed.data.priceListId));
      return redirectWithFlash(here, { kind: "success", message: MESSAGES["price-list"] });
    }
    const parsed = parseForm(customerExtrasActionSchema(member.organisation.currency), formData);
    if (!parsed.ok) return badRequest(parsed);
    const input = parsed.data;
    await withTenant(member.actor, async (tx) => {
      switch (input.intent) {
        case "terms":
          return updateCustomerTerms(tx, id, input);
        case "add-contact":
          return addContact(tx, id, input);
        case "update-contact":
          return updateContact(tx, id, input.contactId, input);
        case "remove-contact":
          return removeContact(tx, id, input.contactId);
        case "add-address":
          return addAddress(tx, id, input);
        case "update-address":
          return updateAddress(tx, id, input.addressId, input);
        case "remove-address":
          return removeAddress(tx, id, input.addressId);
      }
    });
    return redirectWithFlash(here, { kind: "success", message: MESSAGES[input.intent] });
  } catch (error) {
    return actionFailure(error, values);
  }
}
