import { SelectField, TextField } from "~/components/forms";
import type { FieldErrors, FormValues } from "~/utils/forms";

export interface TaxAccountOption {
  id: string;
  code: string;
  name: string;
}

/** The fields of a tax rate, for adding one and for editing it. */
export function TaxRateFields({ values, errors, accounts }: { values: FormValues; errors: FieldErrors; accounts: ReadonlyArray<TaxAccountOption> }) {
  return (
    <>
      <TextField label="Name" name="name" defaultValue={values.name ?? ""} error={errors.name} maxLength={60} hint="As it appears on invoices, like Standard rate." />
      <TextField label="Rate (%)" name="rate" defaultValue={values.rate ?? ""} error={errors.rate} inputMode="decimal" hint="A percentage, like 20 or 7.5." />
      <SelectField
        label="Posted to account"
        name="accountId"
        defaultValue={values.accountId ?? accounts[0]?.id ?? ""}
        error={errors.accountId}
        options={accounts.map((a) => ({ value: a.id, label: `${a.code} ${a.name}` }))}
        hint="Tax on sales is owed to the authority (a liability); recoverable tax on purchases is an asset."
      />
    </>
  );
}
