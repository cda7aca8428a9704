import { Form } from "@remix-run/react";
import { SelectField, TextField } from "~/components/forms";
import { MAX_PAYMENT_TERMS_DAYS, type PartyFieldSpec } from "~/modules/parties/forms";
import { formatDateTime } from "~/utils/format";
import { useOrganisation } from "~/utils/route-data";

/*
 * Form pieces shared by the customer and supplier pages (new, detail).
 */

/** The text fields of a party (CUSTOMER_FIELDS or SUPPLIER_FIELDS), then the payment terms. */
export function PartyFormFields({
  fields,
  values,
  errors,
  initial,
  paymentTermsDays,
  paymentTermsHint,
}: {
  fields: readonly PartyFieldSpec[];
  values: Record<string, string>;
  errors: Record<string, string>;
  initial: Record<string, string>;
  paymentTermsDays: string;
  paymentTermsHint?: string;
}) {
  return (
    <>
      {fields.map((field) => (
        <TextField
          key={field.name}
          label={field.label}
          name={field.name}
          type={field.type ?? "text"}
          maxLength={field.maxLength}
          autoComplete={field.autoComplete}
          required={field.required}
          defaultValue={values[field.name] ?? initial[field.name] ?? ""}
          error={errors[field.name]}
        />
      ))}
      <TextField
        label="Payment terms (days)"
        name="paymentTermsDays"
        type="number"
        inputMode="numeric"
        min={0}
        max={MAX_PAYMENT_TERMS_DAYS}
        step={1}
        defaultValue={values.paymentTermsDays ?? paymentTermsDays}
        error={errors.paymentTermsDays}
        hint={paymentTermsHint}
      />
    </>
  );
}

/** The salesman choice of a customer, for members who see every customer. */
export function SalesmanField({ salesmen, defaultValue, error }: { salesmen: { userId: string; name: string }[]; defaultValue: string; error?: string }) {
  return (
    <SelectField
      label="Salesman"
      name="assignedUserId"
      defaultValue={defaultValue}
      error={error}
      options={[{ value: "", label: "Unassigned" }, ...salesmen.map((s) => ({ value: s.userId, label: s.name }))]}
    />
  );
}

/** A party's details, read only, for members who cannot edit them. */
export function PartyDetailsList({ fields, initial }: { fields: readonly PartyFieldSpec[]; initial: Record<string, string> }) {
  return (
    <section aria-labelledby="details-heading" className="card max-w-xl">
      <h2 id="details-heading" className="mb-3 text-lg font-semibold">
        Details
      </h2>
      <dl className="grid grid-cols-[10rem_minmax(0,1fr)] gap-x-4 gap-y-2 text-sm">
        {fields.map((field) => (
          <div key={field.name} className="contents">
            <dt className="text-slate-500">{field.label}</dt>
            <dd className="whitespace-pre-line">{initial[field.name] || "—"}</dd>
          </div>
        ))}
      </dl>
    </section>
  );
}

/** Deactivate or reactivate a party; `noun` is "customer" or "supplier". */
export function PartyStatusSection({ noun, isActive, submitting }: { noun: string; isActive: boolean; submitting: boolean }) {
  return (
    <section aria-labelledby="status-heading" className="card mt-6 max-w-xl">
      <h2 id="status-heading" className="mb-2 text-lg font-semibold">
        {isActive ? "Deactivate" : "Reactivate"}
      </h2>
      <p className="mb-3 text-sm text-slate-700">
        {isActive
          ? `An inactive ${noun} stays in the books and in past documents, but is no longer offered on new ones.`
          : `This ${noun} is inactive: it is not offered on new documents.`}
      </p>
      <Form method="post">
        <input type="hidden" name="intent" value={isActive ? "deactivate" : "reactivate"} />
        <button type="submit" className={isActive ? "btn-danger" : "btn-secondary"} disabled={submitting}>
          {isActive ? `Deactivate ${noun}` : `Reactivate ${noun}`}
        </button>
      </Form>
    </section>
  );
}

/** When a party was added and last changed, in the organisation's time zone. */
export function PartyTimestamps({ createdAt, updatedAt }: { createdAt: string; updatedAt: string }) {
  const { organisation } = useOrganisation();
  return (
    <p className="mt-6 text-xs text-slate-500">
      Added {formatDateTime(createdAt, organisation)} · last changed {formatDateTime(updatedAt, organisation)}
    </p>
  );
}
