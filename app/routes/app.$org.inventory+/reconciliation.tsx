import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { PageHeader } from "~/components/app-shell";
import { DataTable } from "~/components/data-table";
import { FilterForm } from "~/components/filter-form";
import { DateField, IgnoredParametersNotice } from "~/components/forms";
import { InventoryNav } from "~/components/inventory/inventory-nav";
import { Amount } from "~/components/ledger/ledger-nav";
import { AS_OF_DATE_FIELDS, reconciliationQuerySchema } from "~/modules/inventory/forms";
import { stockReconciliation } from "~/modules/inventory/stock-reports.server";
import { withTenant } from "~/modules/tenancy/context.server";
import { requireMember } from "~/modules/tenancy/guards.server";
import { todayIn } from "~/utils/dates";
import { formatDate } from "~/utils/format";
import { readQuery } from "~/utils/forms";
import { useOrganisation } from "~/utils/route-data";

export { GeneralErrorBoundary as ErrorBoundary } from "~/components/error-boundary";

export const meta: MetaFunction = () => [{ title: "Stock and ledger reconciliation · Folio" }];

/** The books' side of stock: for those who read the ledger (not salesmen, who see no cost, nor storekeepers). */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const member = await requireMember(request, params.org, "ledger:read");
  const { query, ignored, dateErrors } = readQuery(request, reconciliationQuerySchema, { dates: { locale: member.organisation.locale, fields: AS_OF_DATE_FIELDS } });
  const date = query.date ?? todayIn(member.organisation.timeZone);
  const report = await withTenant(member.actor, (tx) => stockReconciliation(tx, { asOf: date }));
  return json({
    date,
    warehouses: report.warehouses.map((w) => ({ id: w.warehouseId, name: w.name, value: w.valueMinor.toString() })),
    stockValue: report.stockValueMinor.toString(),
    account: report.inventoryAccount,
    ledger: report.ledgerMinor.toString(),
    difference: report.differenceMinor.toString(),
    ignored,
    dateErrors,
  });
}

export default function StockReconciliation() {
  const { date, warehouses, stockValue, account, ledger, difference, ignored, dateErrors } = useLoaderData<typeof loader>();
  const { organisation } = useOrganisation();
  const shownDate = formatDate(date, organisation.locale);
  const balanced = BigInt(difference) === 0n;
  return (
    <>
      <PageHeader
        title="Stock and ledger reconciliation"
        description="The stock value of each warehouse beside the inventory account's balance in the ledger at the end of a day. Every stock move posts its value as it moves, so the difference is zero unless something was posted to the inventory account by hand."
      />
      <InventoryNav />
      <IgnoredParametersNotice ignored={ignored} />
      <FilterForm label="Choose the date" submitLabel="Reconcile" className="sm:grid-cols-3">
        <DateField label="As at" name="date" locale={organisation.locale} defaultValue={date} error={dateErrors.date} hint="The end of this day." />
      </FilterForm>
      <div className="card overflow-x-auto">
        <DataTable
          caption={`Stock value per warehouse at the end of ${shownDate}`}
          columns={["Warehouse", { label: "Stock value", className: "text-right" }]}
          rows={warehouses}
          rowKey={(w) => w.id}
        >
          {(w) => (
            <>
              <td>{w.name}</td>
              <td className="text-right tabular-nums">
                <Amount minor={w.value} />
              </td>
            </>
          )}
        </DataTable>
        <dl className="mt-6 grid max-w-xl grid-cols-[1fr_auto] gap-x-6 gap-y-2 text-sm">
          <dt>Stock value, all warehouses</dt>
          <dd className="text-right font-medium tabular-nums">
            <Amount minor={stockValue} withCurrency />
          </dd>
          <dt>{account ? `Ledger balance of ${account.code} ${account.name}` : "Ledger balance of the inventory account"}</dt>
          <dd className="text-right font-medium tabular-nums">
            <Amount minor={ledger} withCurrency />
          </dd>
          <dt className="font-semibold">Difference</dt>
          <dd className={`text-right font-semibold tabular-nums ${balanced ? "text-emerald-800" : "text-red-800"}`}>
            <Amount minor={difference} withCurrency />
          </dd>
        </dl>
        <p role="status" className={`mt-4 text-sm ${balanced ? "text-emerald-800" : "text-red-800"}`}>
          {balanced
            ? `Stock and the ledger agree at the end of ${shownDate}.`
            : `Stock and the ledger differ at the end of ${shownDate}: look for entries posted to the inventory account by hand.`}
        </p>
        {account ? null : <p className="mt-2 text-sm text-amber-900">The chart of accounts has no account marked as inventory.</p>}
      </div>
    </>
  );
}
