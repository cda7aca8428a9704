import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { DateField, FormError, IdempotencyField, SelectField, TextField } from "~/components/forms";
import type { FormFailure } from "~/utils/forms";
import { useOrganisation } from "~/utils/route-data";
import { ItemCodeField } from "./item-code-field";

export type StockOperation = "receive" | "issue" | "transfer" | "adjust";

/** What the loader of a stock form sends: the warehouses to choose from, today, a fresh token, the item asked for. */
export interface StockFormData {
  warehouses: Array<{ value: string; label: string }>;
  defaultWarehouseId: string;
  today: string;
  idempotencyToken: string;
  item: { code: string; name: string; unit: string } | null;
}

const SUBMIT: Record<StockOperation, string> = {
  receive: "Receive stock",
  issue: "Issue stock",
  transfer: "Transfer stock",
  adjust: "Adjust stock",
};

/**
 * The receive, issue, transfer and adjust forms: one line (an item, its warehouse or two, a quantity) and what
 * the operation needs beside it (a cost, a reason, a lot). A refusal (not enough stock, an unknown item) comes
 * back beside its field with everything typed kept.
 */
export function StockOperationForm({ operation }: { operation: StockOperation }) {
  const data = useLoaderData<StockFormData>();
  const actionData = useActionData<FormFailure>();
  const navigation = useNavigation();
  const { organisation } = useOrganisation();
  const values = actionData?.values ?? {};
  const errors = actionData?.errors ?? {};
  const warehouse = (name: string, label: string, fallback: string) => (
    <SelectField
      label={label}
      name={name}
      defaultValue={values[name] ?? fallback}
      error={errors[name]}
      options={[{ value: "", label: "Choose a warehouse" }, ...data.warehouses]}
    />
  );
  return (
    <Form method="post" className="card max-w-3xl space-y-4" noValidate>
      <FormError message={actionData?.formError} />
      <IdempotencyField token={data.idempotencyToken} />
      <div className="grid gap-4 sm:grid-cols-2">
        <ItemCodeField
          defaultValue={values.item ?? data.item?.code ?? ""}
          error={errors.item}
          hint={data.item ? `${data.item.name}, in ${data.item.unit}. Or scan another.` : undefined}
        />
        {operation === "transfer" ? (
          <>
            {warehouse("fromWarehouseId", "From warehouse", data.defaultWarehouseId)}
            {warehouse("toWarehouseId", "To warehouse", "")}
          </>
        ) : (
          warehouse("warehouseId", "Warehouse", data.defaultWarehouseId)
        )}
        <TextField
          label="Quantity"
          name="quantity"
          inputMode="decimal"
          autoComplete="off"
          defaultValue={values.quantity ?? ""}
          error={errors.quantity}
          maxLength={24}
          hint={operation === "adjust" ? "Positive adds stock, negative (like -2) takes it away." : "In the item's unit."}
        />
        {operation === "receive" || operation === "adjust" ? (
          <TextField
            label="Unit cost"
            name="unitCost"
            inputMode="decimal"
            autoComplete="off"
            defaultValue={values.unitCost ?? ""}
            error={errors.unitCost}
            maxLength={24}
            hint={
              operation === "receive"
                ? `Per unit, in ${organisation.currency}; blank for the item's standard cost.`
                : `For stock added, in ${organisation.currency}; blank for the current average cost.`
            }
          />
        ) : null}
        <DateField label="Date" name="date" locale={organisation.locale} defaultValue={values.date ?? data.today} error={errors.date} required />
        {operation === "receive" ? (
          <>
            <TextField
              label="Lot number"
              name="lotNumber"
              defaultValue={values.lotNumber ?? ""}
              error={errors.lotNumber}
              maxLength={64}
              autoComplete="off"
              hint="For items tracked by lot."
            />
            <DateField
              label="Expiry date"
              name="expiryDate"
              locale={organisation.locale}
              defaultValue={values.expiryDate ?? ""}
              error={errors.expiryDate}
              hint="For items tracked by lot."
            />
          </>
        ) : null}
        {operation === "issue" ? (
          <TextField
            label="Lot number"
            name="lotNumber"
            defaultValue={values.lotNumber ?? ""}
            error={errors.lotNumber}
            maxLength={64}
            autoComplete="off"
            hint="Optional: the earliest expiry is taken first."
          />
        ) : null}
      </div>
      {operation === "adjust" ? (
        <TextField
          label="Reason"
          name="reason"
          defaultValue={values.reason ?? ""}
          error={errors.reason}
          maxLength={500}
          required
          hint="Why the stock changes: damaged, found, written off."
        />
      ) : (
        <TextField
          label="Reference"
          name="reference"
          defaultValue={values.reference ?? ""}
          error={errors.reference}
          maxLength={200}
          hint="Optional: a delivery note, an order number."
        />
      )}
      <button type="submit" className="btn-primary" disabled={navigation.state === "submitting"}>
        {SUBMIT[operation]}
      </button>
    </Form>
  );
}
