import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useLoaderData, useSearchParams } from "@remix-run/react";
import { PageHeader } from "~/components/app-shell";
import { DownloadLinks } from "~/components/download-links";
import { FilterForm } from "~/components/filter-form";
import { DateField, IgnoredParametersNotice, SelectField, TextField } from "~/components/forms";
import { InventoryNav } from "~/components/inventory/inventory-nav";
import { WarehouseFilter } from "~/components/inventory/list-filters";
import { PageLinks } from "~/components/inventory/page-links";
import { MOVE_KIND_LABELS, MoveTable } from "~/components/inventory/move-table";
import { MOVE_FILTER_DATE_FIELDS, moveListQuerySchema } from "~/modules/inventory/forms";
import { findItemByCode } from "~/modules/inventory/items.server";
import { listMoves } from "~/modules/inventory/stock-reports.server";
import { listWarehouses } from "~/modules/inventory/warehouses.server";
import { withTenant } from "~/modules/tenancy/context.server";
import { requireMember } from "~/modules/tenancy/guards.server";
import { readQuery } from "~/utils/forms";
import { moveRows, seesCost } from "~/utils/inventory-pages.server";
import { useOrganisation } from "~/utils/route-data";

export { GeneralErrorBoundary as ErrorBoundary } from "~/components/error-boundary";

export const meta: MetaFunction = () => [{ title: "Move ledger · Folio" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const member = await requireMember(request, params.org, "inventory:read");
  const { query, ignored, dateErrors } = readQuery(request, moveListQuerySchema, {
    dates: { locale: member.organisation.locale, fields: MOVE_FILTER_DATE_FIELDS },
  });
  const cost = seesCost(member.role);
  const { moves, warehouses, unknownItem } = await withTenant(member.actor, async (tx) => {
    // The item filter takes a SKU or a scanned barcode, like the stock forms.
    const item = query.item ? await findItemByCode(tx, query.item, { withCost: false }) : null;
    const warehouses = await listWarehouses(tx);
    if (query.item && !item)
      return {
        moves: { rows: [], next: null },
        warehouses,
        unknownItem: true,
      };
    const moves = await listMoves(
      tx,
      {
        itemId: item?.item.id,
        warehouseId: query.warehouse,
        kind: query.kind,
        from: query.from,
        to: query.to,
        after: query.after,
        limit: 50,
      },
      { withCost: cost },
    );
    return { moves, warehouses, unknownItem: false };
  });
  return json({
    moves: moveRows(moves.rows, cost),
    nextCursor: moves.next,
    warehouses: warehouses.map((w) => ({ value: w.id, label: w.name })),
    showCost: cost,
    ignored,
    dateErrors,
    unknownItem,
  });
}

export default function MoveLedger() {
  const { moves, nextCursor, warehouses, showCost, ignored, dateErrors, unknownItem } = useLoaderData<typeof loader>();
  const [searchParams] = useSearchParams();
  const { organisation } = useOrganisation();
  const filtered = ["item", "warehouse", "kind", "from", "to"].some((key) => searchParams.get(key));
  return (
    <>
      <PageHeader
        title="Move ledger"
        description="Every change of stock, newest first. Moves are never edited: a mistake is corrected by a move the other way."
        actions={
          <div className="flex flex-wrap gap-2">
            <DownloadLinks path={`/app/${organisation.slug}/inventory/moves`} query={searchParams} subject="moves" />
          </div>
        }
      />
      <InventoryNav />
      <IgnoredParametersNotice ignored={ignored} />
      <FilterForm label="Filter moves" submitLabel="Filter" className="sm:grid-cols-3 lg:grid-cols-6">
        <TextField
          label="Item"
          name="item"
          defaultValue={searchParams.get("item") ?? ""}
          maxLength={64}
          autoComplete="off"
          hint="SKU or barcode."
          error={unknownItem ? "No item has this SKU or barcode." : undefined}
        />
        <WarehouseFilter warehouses={warehouses} />
        <SelectField
          label="Kind"
          name="kind"
          defaultValue={searchParams.get("kind") ?? ""}
          options={[
            { value: "", label: "All kinds" },
            ...Object.entries(MOVE_KIND_LABELS).map(([value, label]) => ({
              value,
              label,
            })),
          ]}
        />
        <DateField label="From" name="from" locale={organisation.locale} defaultValue={searchParams.get("from")} error={dateErrors.from} />
        <DateField label="To" name="to" locale={organisation.locale} defaultValue={searchParams.get("to")} error={dateErrors.to} />
      </FilterForm>
      <div className="card overflow-x-auto">
        <MoveTable
          caption="Stock moves, newest first"
          moves={moves}
          showItem
          showCost={showCost}
          empty={filtered ? "No moves match these filters." : "No stock has moved yet."}
        />
        <PageLinks next={nextCursor} labels={{ first: "Newest moves", next: "Older moves" }} />
      </div>
    </>
  );
}
