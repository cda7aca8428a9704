import { CheckboxField, SelectField, TextAreaField, TextField } from "~/components/forms";
import type { FieldErrors, FormValues } from "~/utils/forms";

/** The fields of an item, for the new-item and edit pages: `values` are what was typed (after a refusal) or what is stored. */
export function ItemFormFields({ values, errors, currency }: { values: FormValues; errors: FieldErrors; currency: string }) {
  const checked = (name: string) => values[name] === "on" || values[name] === "true";
  return (
    <>
      <div className="grid gap-4 sm:grid-cols-2">
        <TextField
          label="SKU"
          name="sku"
          defaultValue={values.sku ?? ""}
          error={errors.sku}
          maxLength={64}
          required
          autoComplete="off"
          hint="Unique in this organisation."
        />
        <TextField
          label="Barcode"
          name="barcode"
          defaultValue={values.barcode ?? ""}
          error={errors.barcode}
          maxLength={64}
          autoComplete="off"
          hint="Optional: EAN, UPC or your own code."
        />
      </div>
      <TextField label="Name" name="name" defaultValue={values.name ?? ""} error={errors.name} maxLength={200} required />
      <TextAreaField label="Description" name="description" defaultValue={values.description ?? ""} error={errors.description} maxLength={2000} />
      <div className="grid gap-4 sm:grid-cols-2">
        <TextField label="Category" name="category" defaultValue={values.category ?? ""} error={errors.category} maxLength={100} />
        <SelectField
          label="Type"
          name="kind"
          defaultValue={values.kind ?? "stock"}
          error={errors.kind}
          options={[
            { value: "stock", label: "Stock item (counted in warehouses)" },
            { value: "service", label: "Service (no stock)" },
          ]}
        />
      </div>
      <div className="grid gap-4 sm:grid-cols-2">
        <TextField
          label="Unit"
          name="unit"
          defaultValue={values.unit ?? "pcs"}
          error={errors.unit}
          maxLength={20}
          hint="The unit stock is kept in: pcs, kg, l, m."
        />
        <TextField
          label="Decimals of the unit"
          name="unitDecimals"
          inputMode="numeric"
          defaultValue={values.unitDecimals ?? "0"}
          error={errors.unitDecimals}
          maxLength={1}
          hint="0 for whole pieces, up to 6 (3 for grams in kg)."
        />
      </div>
      <div className="grid gap-4 sm:grid-cols-3">
        <TextField
          label="Sale price"
          name="salePrice"
          inputMode="decimal"
          defaultValue={values.salePrice ?? ""}
          error={errors.salePrice}
          maxLength={20}
          hint={`Per unit, in ${currency}.`}
        />
        <TextField
          label="Standard cost"
          name="cost"
          inputMode="decimal"
          defaultValue={values.cost ?? ""}
          error={errors.cost}
          maxLength={20}
          hint={`Per unit, in ${currency}; receipts value stock at their own cost.`}
        />
        <TextField
          label="Tax rate"
          name="taxRate"
          inputMode="decimal"
          defaultValue={values.taxRate ?? "0"}
          error={errors.taxRate}
          maxLength={6}
          hint="Percent, like 20 or 7.5."
        />
      </div>
      <div className="grid gap-4 sm:grid-cols-2">
        <TextField
          label="Reorder level"
          name="reorderLevel"
          inputMode="decimal"
          defaultValue={values.reorderLevel ?? ""}
          error={errors.reorderLevel}
          maxLength={20}
          hint="Listed for reordering at or below this; blank for never."
        />
        <TextField
          label="Reorder quantity"
          name="reorderQty"
          inputMode="decimal"
          defaultValue={values.reorderQty ?? ""}
          error={errors.reorderQty}
          maxLength={20}
          hint="What to order when it is."
        />
      </div>
      <CheckboxField label="Tracked by lot, with expiry dates" name="lotTracked" defaultChecked={checked("lotTracked")} error={errors.lotTracked} />
    </>
  );
}
