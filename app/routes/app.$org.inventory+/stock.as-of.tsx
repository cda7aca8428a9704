import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { PageHeader } from "~/components/app-shell";
import { CardSection, DataTable } from "~/components/data-table";
import { DownloadLinks } from "~/components/download-links";
import { FilterForm } from "~/components/filter-form";
import { DateField, IgnoredParametersNotice } from "~/components/forms";
import { Quantity, QuantityCell, SkuCell, ValueCell } from "~/components/inventory/figures";
import { InventoryNav } from "~/components/inventory/inventory-nav";
import { ItemTextFilter, WarehouseFilter } from "~/components/inventory/list-filters";
import { PageLinks } from "~/components/inventory/page-links";
import { ParentLink } from "~/components/section-links";
import { AS_OF_DATE_FIELDS, stockAsOfQuerySchema } from "~/modules/inventory/forms";
import { formatQuantity } from "~/modules/inventory/quantities";
import { stockAsOf, warehouseTotalsAsOf } from "~/modules/inventory/stock-reports.server";
import { listWarehouses } from "~/modules/inventory/warehouses.server";
import { withTenant } from "~/modules/tenancy/context.server";
import { requireMember } from "~/modules/tenancy/guards.server";
import { todayIn } from "~/utils/dates";
import { formatDate } from "~/utils/format";
import { readQuery } from "~/utils/forms";
import { costFor, seesCost } from "~/utils/inventory-pages.server";
import { useOrganisation } from "~/utils/route-data";

export { GeneralErrorBoundary as ErrorBoundary } from "~/components/error-boundary";

export const meta: MetaFunction = () => [{ title: "Stock as at a date · Folio" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const member = await requireMember(request, params.org, "inventory:read");
  const { query, ignored, dateErrors } = readQuery(request, stockAsOfQuerySchema, { dates: { locale: member.organisation.locale, fields: AS_OF_DATE_FIELDS } });
  const cost = seesCost(member.role);
  const date = query.date ?? todayIn(member.organisation.timeZone);
  const { page, totals, warehouses } = await withTenant(member.actor, async (tx) => {
    const [page, totals, warehouses] = await Promise.all([
      stockAsOf(tx, { date, warehouseId: query.warehouse, search: query.q, after: query.after, limit: 50 }, { withCost: cost }),
      warehouseTotalsAsOf(tx, date),
      listWarehouses(tx),
    ]);
    return { page, totals, warehouses };
  });
  return json({
    date,
    rows: page.rows.map((row) => ({
      key: `${row.itemId}:${row.warehouseId}`,
      itemId: row.itemId,
      sku: row.sku,
      itemName: row.name,
      unit: row.unit,
      warehouseCode: row.warehouseCode,
      onHand: formatQuantity(row.onHandMicro),
      value: costFor(cost, row.valueMinor),
    })),
    totals: totals.map((w) => ({ id: w.warehouseId, name: w.name, units: formatQuantity(w.qtyMicro), value: costFor(cost, w.valueMinor) })),
    warehouses: warehouses.map((w) => ({ value: w.id, label: w.name })),
    nextCursor: page.next,
    showCost: cost,
    ignored,
    dateErrors,
  });
}

export default function StockAsOf() {
  const { date, rows, totals, warehouses, nextCursor, showCost, ignored, dateErrors } = useLoaderData<typeof loader>();
  const [searchParams] = useSearchParams();
  const { organisation } = useOrganisation();
  const base = `/app/${organisation.slug}/inventory`;
  const shownDate = formatDate(date, organisation.locale);
  const filtered = ["warehouse", "q"].some((key) => searchParams.get(key));
  return (
    <>
      <ParentLink to={`${base}/stock`}>Stock balances</ParentLink>
      <PageHeader
        title="Stock as at a date"
        description="What was on hand in each warehouse at the end of a day, and what it was worth, read from the month balances kept as stock moved."
        actions={
          <div className="flex flex-wrap gap-2">
            <DownloadLinks path={`${base}/stock/as-of`} query={searchParams} subject={`stock as at ${shownDate}`} />
          </div>
        }
      />
      <InventoryNav />
      <IgnoredParametersNotice ignored={ignored} />
      <FilterForm label="Choose the date and filter" submitLabel="Show" className="sm:grid-cols-3">
        <DateField label="As at" name="date" locale={organisation.locale} defaultValue={date} error={dateErrors.date} hint="The end of this day." />
        <WarehouseFilter warehouses={warehouses} />
        <ItemTextFilter />
      </FilterForm>
      <CardSection id="as-of-totals" title={`Totals by warehouse at the end of ${shownDate}`} className="card mb-6 overflow-x-auto">
        <DataTable
          caption={`Stock per warehouse at the end of ${shownDate}`}
          columns={["Warehouse", { label: "Units", className: "text-right" }, ...(showCost ? [{ label: "Value", className: "text-right" }] : [])]}
          rows={totals}
          rowKey={(w) => w.id}
        >
          {(w) => (
            <>
              <td>
                <Link to={`?${new URLSearchParams({ date, warehouse: w.id })}`} className="link">
                  {w.name}
                </Link>
              </td>
              <td className="text-right tabular-nums">
                <Quantity value={w.units} />
              </td>
              {showCost ? <ValueCell value={w.value} /> : null}
            </>
          )}
        </DataTable>
        <p className="mt-2 text-xs text-slate-500">Units add up different items: a count for orientation, not a quantity of one thing.</p>
      </CardSection>
      <div className="card overflow-x-auto">
        <DataTable
          caption={`Stock by item and warehouse at the end of ${shownDate}`}
          columns={["SKU", "Item", "Warehouse", { label: "On hand", className: "text-right" }, ...(showCost ? [{ label: "Value", className: "text-right" }] : [])]}
          rows={rows}
          rowKey={(row) => row.key}
          empty={filtered ? "No stock matches." : "No item had stock by then."}
        >
          {(row) => (
            <>
              <SkuCell itemsPath={`${base}/items`} itemId={row.itemId} sku={row.sku} />
              <td>{row.itemName}</td>
              <td>{row.warehouseCode}</td>
              <QuantityCell value={row.onHand} unit={row.unit} />
              {showCost ? <ValueCell value={row.value} /> : null}
            </>
          )}
        </DataTable>
        <PageLinks next={nextCursor} />
      </div>
    </>
  );
}
