import { TextAreaField, TextField } from "~/components/forms";
import type { FieldErrors, FormValues } from "~/utils/forms";

/** The fields of a warehouse, for its new and edit forms. */
export function WarehouseFormFields({ values, errors }: { values: FormValues; errors: FieldErrors }) {
  return (
    <>
      <div className="grid gap-4 sm:grid-cols-3">
        <TextField
          label="Code"
          name="code"
          defaultValue={values.code ?? ""}
          error={errors.code}
          maxLength={20}
          required
          autoComplete="off"
          hint="Letters, digits, . _ -; unique."
        />
        <TextField label="Name" name="name" defaultValue={values.name ?? ""} error={errors.name} maxLength={200} required className="sm:col-span-2" />
      </div>
      <TextAreaField label="Address" name="address" defaultValue={values.address ?? ""} error={errors.address} maxLength={1000} />
    </>
  );
}
