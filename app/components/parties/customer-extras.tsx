import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import type { ReactNode } from "react";
import { CheckboxField, FormError, SelectField, TextAreaField, TextField } from "~/components/forms";
import { CUSTOMER_EXTRA_INTENTS, CUSTOMER_EXTRA_LIMITS, PARTY_LIMITS } from "~/modules/parties/forms";
import { can } from "~/modules/tenancy/permissions";
import type { customerPageLoader } from "~/utils/customer-page.server";
import type { FormFailure } from "~/utils/forms";
import { useOrganisation } from "~/utils/route-data";

/*
 * The customer page's own sections: credit limit, tax and notes; price list; contacts; delivery addresses. Each
 * form posts its intent; a refused form comes back with its values and messages, and only that form shows them.
 */

type Extras = NonNullable<Awaited<ReturnType<Awaited<ReturnType<typeof customerPageLoader>>["json"]>>["extra"]>;

/** The action's answer when it belongs to this form (same intent, and the same row for a row's form). */
function useFailureOf(intent: string, row?: { field: string; id: string }): { values: Record<string, string>; errors: Record<string, string>; formError?: string } {
  const data = useActionData<FormFailure>();
  if (!data || data.values?.intent !== intent || (row && data.values[row.field] !== row.id)) return { values: {}, errors: {} };
  return { values: data.values, errors: data.errors ?? {}, formError: data.formError };
}

function Section({ id, title, description, children }: { id: string; title: string; description?: string; children: ReactNode }) {
  return (
    <section aria-labelledby={`${id}-heading`} className="card mt-6 max-w-3xl">
      <h2 id={`${id}-heading`} className="text-lg font-semibold">
        {title}
      </h2>
      {description ? <p className="mb-3 text-sm text-slate-600">{description}</p> : <div className="mb-3" />}
      {children}
    </section>
  );
}

export function CustomerExtras() {
  const { extra } = useLoaderData<typeof customerPageLoader>() as unknown as { extra: Extras };
  const { role, organisation } = useOrganisation();
  const writable = can(role, "sales:write");
  const submitting = useNavigation().state === "submitting";
  const answer = useActionData<FormFailure>();
  return (
    <>
      <UnclaimedFailure answer={answer} extra={extra} />
      <TermsSection terms={extra.terms} currency={organisation.currency} writable={writable} submitting={submitting} />
      <PriceListSection current={extra.priceList} lists={extra.priceLists} submitting={submitting} />
      <Section id="contacts" title="Contacts" description="The people you deal with at this customer.">
        {extra.contacts.length === 0 ? <p className="mb-4 text-sm text-slate-600">No contacts yet.</p> : null}
        <ul className="mb-4 divide-y divide-slate-100">
          {extra.contacts.map((contact) => (
            <li key={contact.id} className="py-3">
              <p className="font-medium">
                {contact.name}
                {contact.role ? <span className="font-normal text-slate-600"> · {contact.role}</span> : null}
              </p>
              <p className="text-sm text-slate-600">{[contact.email, contact.phone].filter(Boolean).join(" · ")}</p>
              {writable ? <ContactForm contact={contact} submitting={submitting} /> : null}
            </li>
          ))}
        </ul>
        {writable ? <ContactForm key={extra.contacts.map((c) => c.id).join()} submitting={submitting} /> : null}
      </Section>
      <Section id="addresses" title="Delivery addresses" description="Where goods for this customer go; the default is proposed on new orders.">
        {extra.addresses.length === 0 ? <p className="mb-4 text-sm text-slate-600">No delivery addresses yet.</p> : null}
        <ul className="mb-4 divide-y divide-slate-100">
          {extra.addresses.map((address) => (
            <li key={address.id} className="py-3">
              <p className="font-medium">
                {address.label}
                {address.isDefault ? <span className="ml-2 rounded bg-slate-100 px-1.5 py-0.5 text-xs font-normal">Default</span> : null}
              </p>
              <p className="whitespace-pre-line text-sm text-slate-600">
                {address.street}
                {"\n"}
                {[address.postalCode, address.city].filter(Boolean).join(" ")}
                {address.country ? `, ${address.country}` : ""}
              </p>
              {writable ? <AddressForm address={address} submitting={submitting} /> : null}
            </li>
          ))}
        </ul>
        {writable ? <AddressForm key={extra.addresses.map((a) => a.id).join()} submitting={submitting} /> : null}
      </Section>
    </>
  );
}

/**
 * A refusal no section shows: a removal, or a row's form that names no row of this customer (a stale page, a
 * forged id). Said above the sections, never dropped.
 */
function UnclaimedFailure({ answer, extra }: { answer: FormFailure | undefined; extra: Extras }) {
  const intent = answer?.values?.intent;
  if (!answer || !intent) return null;
  const claimed =
    ["terms", "price-list", "add-contact", "add-address"].includes(intent) ||
    (intent === "update-contact" && extra.contacts.some((c) => c.id === answer.values.contactId)) ||
    (intent === "update-address" && extra.addresses.some((a) => a.id === answer.values.addressId));
  if (claimed || !(CUSTOMER_EXTRA_INTENTS as readonly string[]).includes(intent)) return null;
  const message = [answer.formError, ...Object.values(answer.errors ?? {})].filter(Boolean).join(" ");
  return (
    <div className="mt-6 max-w-3xl">
      <FormError message={message} />
    </div>
  );
}

function TermsSection({ terms, currency, writable, submitting }: { terms: Extras["terms"]; currency: string; writable: boolean; submitting: boolean }) {
  const { values, errors, formError } = useFailureOf("terms");
  if (!writable) {
    return (
      <Section id="terms" title="Credit and tax">
        <dl className="grid grid-cols-[10rem_minmax(0,1fr)] gap-x-4 gap-y-2 text-sm">
          <dt className="text-slate-500">Credit limit</dt>
          <dd>{terms.creditLimit ? `${terms.creditLimit} ${currency}` : "No limit"}</dd>
          <dt className="text-slate-500">Tax</dt>
          <dd>{terms.taxExempt ? "Exempt" : "Charged"}</dd>
          <dt className="text-slate-500">Notes</dt>
          <dd className="whitespace-pre-line">{terms.notes || "None"}</dd>
        </dl>
      </Section>
    );
  }
  return (
    <Section id="terms" title="Credit and tax">
      {/* Keyed by what is saved: after a save the fields show the stored values (1,500 becomes 1500.00). */}
      <Form method="post" className="space-y-4" noValidate key={JSON.stringify(terms)}>
        <input type="hidden" name="intent" value="terms" />
        <FormError message={formError} />
        <TextField
          label="Credit limit"
          name="creditLimit"
          inputMode="decimal"
          autoComplete="off"
          maxLength={24}
          defaultValue={values.creditLimit ?? terms.creditLimit}
          error={errors.creditLimit}
          hint={`In ${currency}. Leave blank for no limit.`}
        />
        <CheckboxField label="Tax exempt: sales to this customer carry no tax" name="taxExempt" defaultChecked={values.intent ? values.taxExempt === "on" : terms.taxExempt} error={errors.taxExempt} />
        <TextAreaField label="Notes" name="notes" maxLength={CUSTOMER_EXTRA_LIMITS.notes} defaultValue={values.notes ?? terms.notes} error={errors.notes} />
        <button type="submit" className="btn-primary" disabled={submitting}>
          Save credit and tax
        </button>
      </Form>
    </Section>
  );
}

function PriceListSection({ current, lists, submitting }: { current: Extras["priceList"]; lists: Extras["priceLists"]; submitting: boolean }) {
  const { values, errors, formError } = useFailureOf("price-list");
  const fallback = lists?.find((l) => l.isDefault);
  if (!lists) {
    return (
      <Section id="price-list" title="Price list">
        <p className="text-sm">{current ? current.name : "The organisation's default price list"}</p>
      </Section>
    );
  }
  return (
    <Section id="price-list" title="Price list" description="The prices this customer buys at.">
      <Form method="post" className="flex flex-wrap items-end gap-3" noValidate key={current?.id ?? ""}>
        <input type="hidden" name="intent" value="price-list" />
        <FormError message={formError} />
        <SelectField
          label="Price list"
          name="priceListId"
          className="min-w-[16rem]"
          defaultValue={values.priceListId ?? current?.id ?? ""}
          error={errors.priceListId}
          options={[
            { value: "", label: fallback ? `The default (${fallback.name})` : "The default (item prices)" },
            ...lists.filter((l) => !l.isDefault).map((l) => ({ value: l.id, label: l.name })),
          ]}
        />
        <button type="submit" className="btn-secondary" disabled={submitting}>
          Save price list
        </button>
      </Form>
    </Section>
  );
}

/**
 * The form of one contact or address (a new one when `row` is absent): the fields, then Save (or Add) and Remove.
 * An existing row shows an "Edit <name>" link instead, until it is chosen (`?edit=<id>`) or its form was refused.
 */
function RowForm({
  noun,
  row,
  idField,
  title,
  intents,
  formError,
  open,
  submitting,
  children,
}: {
  noun: string;
  row?: { id: string };
  idField: string;
  title: string;
  intents: { save: string; remove: string };
  formError?: string;
  open: boolean;
  submitting: boolean;
  children: ReactNode;
}) {
  const form = (
    <Form method="post" className="mt-3 grid gap-3 sm:grid-cols-2" noValidate aria-label={row ? `Edit ${title}` : `New ${noun}`} key={JSON.stringify(row ?? null)}>
      {row ? <input type="hidden" name={idField} value={row.id} /> : null}
      <div className="sm:col-span-2">
        <FormError message={formError} />
      </div>
      {children}
      <div className="flex gap-2 sm:col-span-2">
        {/* The intent is the button's: Enter in a field presses the first one (save), never Remove. */}
        <button type="submit" name="intent" value={intents.save} className={row ? "btn-secondary" : "btn-primary"} disabled={submitting}>
          {row ? `Save ${noun.split(" ").pop()}` : `Add ${noun.split(" ").pop()}`}
        </button>
        {row ? (
          <button type="submit" name="intent" value={intents.remove} className="btn-secondary" disabled={submitting}>
            Remove<span className="sr-only"> {title}</span>
          </button>
        ) : null}
      </div>
    </Form>
  );
  if (!row || open) return form;
  // One row's form at a time, chosen by the address (works without JavaScript); saving returns to the page without it.
  return (
    <Link to={`?edit=${row.id}`} preventScrollReset className="link text-sm">
      Edit<span className="sr-only"> {title}</span>
    </Link>
  );
}

function ContactForm({ contact, submitting }: { contact?: Extras["contacts"][number]; submitting: boolean }) {
  const intent = contact ? "update-contact" : "add-contact";
  const { values, errors, formError } = useFailureOf(intent, contact ? { field: "contactId", id: contact.id } : undefined);
  const editing = useSearchParams()[0].get("edit");
  const value = (field: "name" | "role" | "email" | "phone") => values[field] ?? contact?.[field] ?? "";
  return (
    <RowForm noun="contact" row={contact} idField="contactId" title={contact?.name ?? ""} intents={{ save: intent, remove: "remove-contact" }} formError={formError} open={Boolean(values.intent) || editing === contact?.id} submitting={submitting}>
      <TextField label="Contact name" name="name" required maxLength={PARTY_LIMITS.name} autoComplete="off" defaultValue={value("name")} error={errors.name} />
      <TextField label="Role" name="role" maxLength={CUSTOMER_EXTRA_LIMITS.contactRole} defaultValue={value("role")} error={errors.role} hint="For example: Buyer, Accounts payable." />
      <TextField label="Contact email" name="email" type="email" maxLength={PARTY_LIMITS.email} autoComplete="off" defaultValue={value("email")} error={errors.email} />
      <TextField label="Contact phone" name="phone" type="tel" maxLength={PARTY_LIMITS.phone} autoComplete="off" defaultValue={value("phone")} error={errors.phone} />
    </RowForm>
  );
}

function AddressForm({ address, submitting }: { address?: Extras["addresses"][number]; submitting: boolean }) {
  const intent = address ? "update-address" : "add-address";
  const { values, errors, formError } = useFailureOf(intent, address ? { field: "addressId", id: address.id } : undefined);
  const editing = useSearchParams()[0].get("edit");
  const value = (field: "label" | "street" | "city" | "postalCode" | "country") => values[field] ?? address?.[field] ?? "";
  return (
    <RowForm noun="delivery address" row={address} idField="addressId" title={address?.label ?? ""} intents={{ save: intent, remove: "remove-address" }} formError={formError} open={Boolean(values.intent) || editing === address?.id} submitting={submitting}>
      <TextField label="Label" name="label" required maxLength={CUSTOMER_EXTRA_LIMITS.addressLabel} defaultValue={value("label")} error={errors.label} hint="For example: Warehouse, Shop in Leeds." />
      <TextAreaField label="Street" name="street" required maxLength={PARTY_LIMITS.address} autoComplete="off" defaultValue={value("street")} error={errors.street} />
      <TextField label="Town or city" name="city" required maxLength={CUSTOMER_EXTRA_LIMITS.city} autoComplete="off" defaultValue={value("city")} error={errors.city} />
      <TextField label="Postal code" name="postalCode" maxLength={CUSTOMER_EXTRA_LIMITS.postalCode} autoComplete="off" defaultValue={value("postalCode")} error={errors.postalCode} />
      <TextField label="Country" name="country" maxLength={2} autoComplete="off" defaultValue={value("country")} error={errors.country} hint="Two letters, like GB or DE." />
      <div className="self-end">
        <CheckboxField label="Default delivery address" name="isDefault" defaultChecked={values.intent ? values.isDefault === "on" : Boolean(address?.isDefault)} error={errors.isDefault} />
      </div>
    </RowForm>
  );
}
