import { AreaNav } from "~/components/area-nav";
import { Form, useNavigation } from "@remix-run/react";
import { DateField, FormError, IdempotencyField, SelectField, TextAreaField, TextField } from "~/components/forms";
import { Amount } from "~/components/ledger/ledger-nav";
import { BLANK_LINES, KIND_PLURALS, KIND_SLUGS, KINDS_IN_ORDER, type LineField } from "~/modules/sales/forms";
import type { DocumentKind } from "~/modules/sales/schema";
import type { FormFailure } from "~/utils/forms";
import { useOrganisation } from "~/utils/route-data";

export const STATUS_LABELS: Record<string, string> = {
  draft: "Draft",
  posted: "Posted",
  cancelled: "Cancelled",
  unpaid: "Unpaid",
  partially_paid: "Partially paid",
  paid: "Paid",
  overdue: "Overdue",
};

/** The sales area's sections, under the page header of every sales page. */
export function SalesNav() {
  const { organisation } = useOrganisation();
  const base = `/app/${organisation.slug}/sales`;
  const items = [
    { label: "Overview", to: base, end: true },
    { label: "Customers", to: `${base}/customers` },
    ...KINDS_IN_ORDER.map((kind) => ({ label: KIND_PLURALS[kind], to: `${base}/documents/${KIND_SLUGS[kind]}` })),
    { label: "Record a payment", to: `${base}/payments/new` },
  ];
  return <AreaNav label="Sales" items={items} />;
}

export interface ShownLine {
  lineNo: number;
  sku: string;
  itemName: string;
  description: string;
  unit: string;
  quantity: string;
  unitPriceMinor: string;
  discount: string;
  taxRateBp: number;
  netMinor: string;
  taxMinor: string;
  totalMinor: string;
  warehouseName: string | null;
}

/** A document's lines with its totals, as the detail page and the print view show them. */
export function LinesTable({ lines, currency, totals }: { lines: ShownLine[]; currency: string; totals: { subtotalMinor: string; discountMinor: string; taxMinor: string; totalMinor: string } }) {
  return (
    <table className="table-basic">
      <thead>
        <tr>
          <th scope="col">#</th>
          <th scope="col">Item</th>
          <th scope="col" className="text-right">
            Quantity
          </th>
          <th scope="col" className="text-right">
            Unit price
          </th>
          <th scope="col" className="text-right">
            Discount
          </th>
          <th scope="col" className="text-right">
            Tax
          </th>
          <th scope="col" className="text-right">
            Net
          </th>
        </tr>
      </thead>
      <tbody className="divide-y divide-slate-100">
        {lines.map((line) => (
          <tr key={line.lineNo}>
            <td className="tabular-nums text-slate-500">{line.lineNo}</td>
            <td className="break-words">
              <span className="font-medium">{line.sku}</span> {line.description}
              {line.warehouseName ? <span className="block text-xs text-slate-500">from {line.warehouseName}</span> : null}
            </td>
            <td className="text-right tabular-nums">
              {line.quantity} {line.unit}
            </td>
            <td className="text-right tabular-nums">
              <Amount minor={line.unitPriceMinor} currency={currency} />
            </td>
            <td className="text-right tabular-nums">{line.discount !== "0" ? `${line.discount}%` : ""}</td>
            <td className="text-right tabular-nums">{line.taxRateBp ? `${line.taxRateBp / 100}%` : ""}</td>
            <td className="text-right tabular-nums">
              <Amount minor={line.netMinor} currency={currency} />
            </td>
          </tr>
        ))}
      </tbody>
      <tfoot className="border-t-2 border-slate-300">
        <tr>
          <th scope="row" colSpan={6} className="text-right font-normal">
            Subtotal
          </th>
          <td className="text-right tabular-nums">
            <Amount minor={(BigInt(totals.subtotalMinor) - BigInt(totals.discountMinor)).toString()} currency={currency} />
          </td>
        </tr>
        <tr>
          <th scope="row" colSpan={6} className="text-right font-normal">
            Tax
          </th>
          <td className="text-right tabular-nums">
            <Amount minor={totals.taxMinor} currency={currency} />
          </td>
        </tr>
        <tr className="font-semibold">
          <th scope="row" colSpan={6} className="text-right">
            Total
          </th>
          <td className="text-right tabular-nums">
            <Amount minor={totals.totalMinor} currency={currency} withCurrency />
          </td>
        </tr>
      </tfoot>
    </table>
  );
}

export interface DraftOptions {
  customers: Array<{ id: string; name: string }>;
  items: Array<{ id: string; sku: string; name: string; unit: string }>;
  warehouses: Array<{ id: string; code: string; name: string }>;
  taxRates: Array<{ id: string; name: string; rateBp: number }>;
}

/**
 * The draft form: customer, dates, notes and lines (the draft's lines and a few blank ones; blank lines are left
 * out). Save keeps it a draft; Save and post posts it in the same request.
 */
export function DraftForm({
  kind,
  options,
  values,
  failure,
  idempotencyToken,
  canPost,
}: {
  kind: DocumentKind;
  options: DraftOptions;
  values: Record<string, string>;
  failure?: FormFailure;
  idempotencyToken: string;
  canPost: boolean;
}) {
  const { organisation } = useOrganisation();
  const navigation = useNavigation();
  const shown = failure?.values ?? values;
  const errors = failure?.errors ?? {};
  const filled = Object.keys(shown).filter((key) => /^lines\.\d+\.itemId$/.test(key)).length;
  const rows = Array.from({ length: filled + BLANK_LINES }, (_, index) => index);
  const value = (index: number, field: LineField) => shown[`lines.${index}.${field}`] ?? "";
  const error = (index: number, field: LineField) => errors[`lines.${index}.${field}`];
  return (
    <Form method="post" className="card space-y-6" noValidate>
      <FormError message={failure?.formError ?? errors.lines} />
      <IdempotencyField token={idempotencyToken} />
      <div className="grid gap-4 sm:grid-cols-3">
        <SelectField
          label="Customer"
          name="customerId"
          defaultValue={shown.customerId ?? ""}
          error={errors.customerId}
          options={[{ value: "", label: "Choose a customer" }, ...options.customers.map((c) => ({ value: c.id, label: c.name }))]}
        />
        <DateField label="Date" name="issueDate" locale={organisation.locale} defaultValue={shown.issueDate ?? ""} error={errors.issueDate} required />
        {kind === "invoice" ? (
          <DateField label="Due date" name="dueDate" locale={organisation.locale} defaultValue={shown.dueDate ?? ""} error={errors.dueDate} hint="From the customer's payment terms when left empty." />
        ) : null}
      </div>
      <fieldset>
        <legend className="mb-2 text-lg font-semibold">Lines</legend>
        <p className="mb-3 text-sm text-slate-600">Leave the price empty for the item's sale price and the tax for the item's rate. Empty lines are left out.</p>
        <div className="space-y-4">
          {rows.map((index) => (
            <fieldset key={index} className="grid gap-3 border-b border-slate-100 pb-4 sm:grid-cols-6">
              <legend className="sr-only">Line {index + 1}</legend>
              <input type="hidden" name={`lines.${index}.sourceLineId`} value={value(index, "sourceLineId")} />
              <SelectField
                label={`Line ${index + 1} item`}
                name={`lines.${index}.itemId`}
                defaultValue={value(index, "itemId")}
                error={error(index, "itemId")}
                className="sm:col-span-2"
                options={[{ value: "", label: "No item" }, ...options.items.map((i) => ({ value: i.id, label: `${i.sku} ${i.name}` }))]}
              />
              <TextField label={`Line ${index + 1} quantity`} name={`lines.${index}.quantity`} inputMode="decimal" defaultValue={value(index, "quantity")} error={error(index, "quantity")} />
              <TextField label={`Line ${index + 1} unit price`} name={`lines.${index}.unitPrice`} inputMode="decimal" defaultValue={value(index, "unitPrice")} error={error(index, "unitPrice")} />
              <TextField label={`Line ${index + 1} discount %`} name={`lines.${index}.discount`} inputMode="decimal" defaultValue={value(index, "discount")} error={error(index, "discount")} />
              <SelectField
                label={`Line ${index + 1} tax`}
                name={`lines.${index}.taxRateId`}
                defaultValue={value(index, "taxRateId")}
                error={error(index, "taxRateId")}
                options={[{ value: "", label: "Item's rate" }, { value: "none", label: "No tax" }, ...options.taxRates.map((r) => ({ value: r.id, label: `${r.name} (${r.rateBp / 100}%)` }))]}
              />
              {options.warehouses.length > 1 ? (
                <SelectField
                  label={`Line ${index + 1} warehouse`}
                  name={`lines.${index}.warehouseId`}
                  defaultValue={value(index, "warehouseId")}
                  error={error(index, "warehouseId")}
                  options={[{ value: "", label: "Default warehouse" }, ...options.warehouses.map((w) => ({ value: w.id, label: `${w.code} ${w.name}` }))]}
                />
              ) : (
                <input type="hidden" name={`lines.${index}.warehouseId`} value={value(index, "warehouseId")} />
              )}
            </fieldset>
          ))}
        </div>
      </fieldset>
      <TextAreaField label="Notes" name="notes" defaultValue={shown.notes ?? ""} error={errors.notes} maxLength={2000} rows={3} />
      <div className="flex flex-wrap gap-3">
        <button type="submit" name="intent" value="save" className="btn-secondary" disabled={navigation.state === "submitting"}>
          Save draft
        </button>
        {canPost ? (
          <button type="submit" name="intent" value="save-and-post" className="btn-primary" disabled={navigation.state === "submitting"}>
            Save and post
          </button>
        ) : null}
      </div>
    </Form>
  );
}
