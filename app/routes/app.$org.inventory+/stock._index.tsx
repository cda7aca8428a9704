import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { PageHeader } from "~/components/app-shell";
import { DownloadLinks } from "~/components/download-links";
import { CardSection, DataTable } from "~/components/data-table";
import { FilterForm } from "~/components/filter-form";
import { IgnoredParametersNotice, SelectField } from "~/components/forms";
import { QuantityCell, SkuCell, ValueCell } from "~/components/inventory/figures";
import { InventoryNav } from "~/components/inventory/inventory-nav";
import { ItemTextFilter, WarehouseFilter } from "~/components/inventory/list-filters";
import { PageLinks } from "~/components/inventory/page-links";
import { Amount } from "~/components/ledger/ledger-nav";
import { balanceListQuerySchema } from "~/modules/inventory/forms";
import { formatQuantity } from "~/modules/inventory/quantities";
import { listBalances, warehouseTotalsAsOf } from "~/modules/inventory/stock-reports.server";
import { listWarehouses } from "~/modules/inventory/warehouses.server";
import { withTenant } from "~/modules/tenancy/context.server";
import { requireMember } from "~/modules/tenancy/guards.server";
import { readQuery } from "~/utils/forms";
import { todayIn } from "~/utils/dates";
import { costFor, seesCost } from "~/utils/inventory-pages.server";
import { useOrganisation } from "~/utils/route-data";

export { GeneralErrorBoundary as ErrorBoundary } from "~/components/error-boundary";

export const meta: MetaFunction = () => [{ title: "Stock balances · Folio" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const member = await requireMember(request, params.org, "inventory:read");
  const { query, ignored } = readQuery(request, balanceListQuerySchema);
  const cost = seesCost(member.role);
  const today = todayIn(member.organisation.timeZone);
  const { page, warehouses, totals } = await withTenant(member.actor, async (tx) => {
    const [page, warehouses, totals] = await Promise.all([
      listBalances(
        tx,
        {
          warehouseId: query.warehouse,
          search: query.q,
          hideZero: query.zero !== "show",
          after: query.after,
          limit: 50,
        },
        { withCost: cost },
      ),
      listWarehouses(tx),
      cost ? warehouseTotalsAsOf(tx, today) : Promise.resolve(null),
    ]);
    return { page, warehouses, totals };
  });
  return json({
    balances: page.rows.map((row) => ({
      key: `${row.itemId}:${row.warehouseId}`,
      itemId: row.itemId,
      sku: row.sku,
      itemName: row.name,
      unit: row.unit,
      warehouseName: row.warehouseName,
      onHand: formatQuantity(row.onHandMicro),
      reserved: formatQuantity(row.reservedMicro),
      available: formatQuantity(row.availableMicro),
      value: costFor(cost, row.valueMinor),
    })),
    warehouses: warehouses.map((w) => ({ value: w.id, label: w.name })),
    totals:
      totals?.map((w) => ({
        id: w.warehouseId,
        name: w.name,
        value: w.valueMinor.toString(),
      })) ?? null,
    nextCursor: page.next,
    showCost: cost,
    ignored,
  });
}

export default function StockBalances() {
  const { balances, warehouses, totals, nextCursor, showCost, ignored } = useLoaderData<typeof loader>();
  const [searchParams] = useSearchParams();
  const { organisation } = useOrganisation();
  const base = `/app/${organisation.slug}/inventory`;
  return (
    <>
      <PageHeader
        title="Stock balances"
        description="On hand, reserved and available per item and warehouse: available is on hand less what open orders hold."
        actions={
          <div className="flex flex-wrap gap-2">
            <DownloadLinks path={`/app/${organisation.slug}/inventory/stock`} query={searchParams} subject="stock balances" />
            <Link to={`${base}/stock/as-of`} className="btn-secondary">
              Stock as at a date
            </Link>
          </div>
        }
      />
      <InventoryNav />
      {totals ? (
        <CardSection id="warehouse-totals" title="Value by warehouse" className="card mb-6 overflow-x-auto">
          <DataTable
            caption="Stock value per warehouse today"
            columns={["Warehouse", { label: "Value", className: "text-right" }]}
            rows={totals}
            rowKey={(w) => w.id}
          >
            {(w) => (
              <>
                <td>
                  <Link to={`?warehouse=${w.id}`} className="link">
                    {w.name}
                  </Link>
                </td>
                <td className="text-right tabular-nums">
                  <Amount minor={w.value} />
                </td>
              </>
            )}
          </DataTable>
        </CardSection>
      ) : null}
      <IgnoredParametersNotice ignored={ignored} />
      <FilterForm label="Filter stock balances" submitLabel="Filter" className="sm:grid-cols-4">
        <WarehouseFilter warehouses={warehouses} />
        <ItemTextFilter />
        <SelectField
          label="Empty balances"
          name="zero"
          defaultValue={searchParams.get("zero") ?? ""}
          options={[
            { value: "", label: "Hide" },
            { value: "show", label: "Show" },
          ]}
        />
      </FilterForm>
      <div className="card overflow-x-auto">
        <DataTable
          caption="Stock balances by item and warehouse"
          columns={[
            "SKU",
            "Item",
            "Warehouse",
            { label: "On hand", className: "text-right" },
            { label: "Reserved", className: "text-right" },
            { label: "Available", className: "text-right" },
            ...(showCost ? [{ label: "Value", className: "text-right" }] : []),
          ]}
          rows={balances}
          rowKey={(row) => row.key}
          empty="No stock matches."
        >
          {(row) => (
            <>
              <SkuCell itemsPath={`${base}/items`} itemId={row.itemId} sku={row.sku} />
              <td>{row.itemName}</td>
              <td>{row.warehouseName}</td>
              <QuantityCell value={row.onHand} unit={row.unit} />
              <QuantityCell value={row.reserved} unit={row.unit} />
              <QuantityCell value={row.available} unit={row.unit} />
              {showCost ? <ValueCell value={row.value} /> : null}
            </>
          )}
        </DataTable>
        <PageLinks next={nextCursor} />
      </div>
    </>
  );
}
