import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useLoaderData, useSearchParams } from "@remix-run/react";
import { PageHeader } from "~/components/app-shell";
import { DataTable } from "~/components/data-table";
import { FilterForm } from "~/components/filter-form";
import { IgnoredParametersNotice, TextField } from "~/components/forms";
import { QuantityCell, SkuCell } from "~/components/inventory/figures";
import { InventoryNav } from "~/components/inventory/inventory-nav";
import { WarehouseFilter } from "~/components/inventory/list-filters";
import { EXPIRY_DAYS_MAX, expiringQuerySchema } from "~/modules/inventory/forms";
import { formatQuantity } from "~/modules/inventory/quantities";
import { expiringLots } from "~/modules/inventory/stock-reports.server";
import { listWarehouses } from "~/modules/inventory/warehouses.server";
import { withTenant } from "~/modules/tenancy/context.server";
import { requireMember } from "~/modules/tenancy/guards.server";
import { formatDate } from "~/utils/format";
import { readQuery } from "~/utils/forms";
import { useOrganisation } from "~/utils/route-data";

export { GeneralErrorBoundary as ErrorBoundary } from "~/components/error-boundary";

export const meta: MetaFunction = () => [{ title: "Lots expiring soon · Folio" }];

const DEFAULT_DAYS = 30;
const SHOWN = 200;

export async function loader({ request, params }: LoaderFunctionArgs) {
  const member = await requireMember(request, params.org, "inventory:read");
  const { query, ignored } = readQuery(request, expiringQuerySchema);
  const days = query.days ?? DEFAULT_DAYS;
  const { lots, warehouses } = await withTenant(member.actor, async (tx) => {
    const [lots, warehouses] = await Promise.all([expiringLots(tx, { withinDays: days, warehouseId: query.warehouse, limit: SHOWN + 1 }), listWarehouses(tx)]);
    return { lots, warehouses };
  });
  return json({
    days,
    lots: lots.slice(0, SHOWN).map((lot) => ({
      key: `${lot.lotId}:${lot.warehouseId}`,
      itemId: lot.itemId,
      sku: lot.sku,
      itemName: lot.name,
      unit: lot.unit,
      warehouseCode: lot.warehouseCode,
      lotNumber: lot.lotNumber,
      expiryDate: lot.expiryDate,
      expired: lot.expired,
      onHand: formatQuantity(lot.onHandMicro),
    })),
    more: lots.length > SHOWN,
    warehouses: warehouses.map((w) => ({ value: w.id, label: w.name })),
    ignored,
  });
}

export default function ExpiringLots() {
  const { days, lots, more, warehouses, ignored } = useLoaderData<typeof loader>();
  const [searchParams] = useSearchParams();
  const { organisation } = useOrganisation();
  const base = `/app/${organisation.slug}/inventory`;
  return (
    <>
      <PageHeader title="Lots expiring soon" description="Lots with stock that expire within the days chosen, expired ones first, soonest first." />
      <InventoryNav />
      <IgnoredParametersNotice ignored={ignored} />
      <FilterForm label="Filter expiring lots" submitLabel="Show" className="sm:grid-cols-3">
        <TextField
          label="Days ahead"
          name="days"
          inputMode="numeric"
          defaultValue={String(days)}
          maxLength={4}
          hint={`Lots that expire within this many days from today, 0 to ${EXPIRY_DAYS_MAX}.`}
        />
        <WarehouseFilter warehouses={warehouses} />
      </FilterForm>
      <div className="card overflow-x-auto">
        <DataTable
          caption={`Lots expiring within ${days} days, soonest first`}
          columns={["Expires", "SKU", "Item", "Lot", "Warehouse", { label: "On hand", className: "text-right" }]}
          rows={lots}
          rowKey={(lot) => lot.key}
          empty={`No lot with stock expires within ${days} days.`}
        >
          {(lot) => (
            <>
              <td className="whitespace-nowrap">
                {formatDate(lot.expiryDate, organisation.locale)}
                {lot.expired ? <span className="ml-2 rounded bg-red-100 px-1.5 py-0.5 text-xs font-medium text-red-800">Expired</span> : null}
              </td>
              <SkuCell itemsPath={`${base}/items`} itemId={lot.itemId} sku={lot.sku} />
              <td>{lot.itemName}</td>
              <td className="break-all">{lot.lotNumber}</td>
              <td>{lot.warehouseCode}</td>
              <QuantityCell value={lot.onHand} unit={lot.unit} />
            </>
          )}
        </DataTable>
        {more ? <p className="mt-4 text-sm text-slate-700">The first {SHOWN} lots are shown: choose fewer days or one warehouse to see the rest.</p> : null}
      </div>
    </>
  );
}
