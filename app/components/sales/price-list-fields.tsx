import { CheckboxField, DateField, TextField } from "~/components/forms";
import { PRICE_LIST_NAME_MAX } from "~/modules/sales/price-list-forms";

/** A price list's settings (new list and the list's page). */
export function PriceListFields({
  values,
  errors,
  initial,
  locale,
}: {
  values: Record<string, string>;
  errors: Record<string, string>;
  initial: { name: string; discount: string; taxInclusive: boolean; isDefault: boolean; isActive: boolean; validFrom: string; validUntil: string };
  locale: string;
}) {
  const answered = Boolean(values.intent || values.name !== undefined);
  const checked = (field: "taxInclusive" | "isDefault" | "isActive") => (answered ? values[field] === "on" : initial[field]);
  return (
    <>
      <TextField label="Name" name="name" required maxLength={PRICE_LIST_NAME_MAX} defaultValue={values.name ?? initial.name} error={errors.name} />
      <TextField
        label="Discount (%)"
        name="discount"
        inputMode="decimal"
        autoComplete="off"
        maxLength={7}
        defaultValue={values.discount ?? initial.discount}
        error={errors.discount}
        hint="Taken off every price of the list, from 0 to 100, like 10 or 12.5. Leave blank for none."
      />
      <div className="grid gap-4 sm:grid-cols-2">
        <DateField label="First day" name="validFrom" locale={locale} defaultValue={values.validFrom ?? initial.validFrom} error={errors.validFrom} hint="Blank: from now on." />
        <DateField label="Last day" name="validUntil" locale={locale} defaultValue={values.validUntil ?? initial.validUntil} error={errors.validUntil} hint="Blank: no end." />
      </div>
      <CheckboxField label="Prices include tax" name="taxInclusive" defaultChecked={checked("taxInclusive")} error={errors.taxInclusive} />
      <CheckboxField label="The organisation's default list (customers without a list of their own buy at it)" name="isDefault" defaultChecked={checked("isDefault")} error={errors.isDefault} />
      <CheckboxField label="Active" name="isActive" defaultChecked={checked("isActive")} error={errors.isActive} />
    </>
  );
}
