import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { PageHeader } from "~/components/app-shell";
import { CardSection, DataTable } from "~/components/data-table";
import { IgnoredParametersNotice } from "~/components/forms";
import { Quantity, QuantityCell, ValueCell } from "~/components/inventory/figures";
import { InventoryNav } from "~/components/inventory/inventory-nav";
import { MoveTable } from "~/components/inventory/move-table";
import { Amount } from "~/components/ledger/ledger-nav";
import { ParentLink } from "~/components/section-links";
import { moveHistoryQuerySchema } from "~/modules/inventory/forms";
import { getItem } from "~/modules/inventory/items.server";
import { itemHistory, itemStock } from "~/modules/inventory/stock-reports.server";
import { withTenant } from "~/modules/tenancy/context.server";
import { requireMember } from "~/modules/tenancy/guards.server";
import { can } from "~/modules/tenancy/permissions";
import { readQuery } from "~/utils/forms";
import { costFor, itemIdFrom, moveRows, seesCost } from "~/utils/inventory-pages.server";
import { rethrowAsResponse } from "~/utils/errors.server";
import { formatQuantity } from "~/modules/inventory/quantities";
import { formatDate } from "~/utils/format";
import { useOrganisation } from "~/utils/route-data";

export { GeneralErrorBoundary as ErrorBoundary } from "~/components/error-boundary";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  {
    title: data ? `${data.item.sku} ${data.item.name} · Folio` : "Item · Folio",
  },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const member = await requireMember(request, params.org, "inventory:read");
  const id = itemIdFrom(params);
  const { query, ignored } = readQuery(request, moveHistoryQuerySchema);
  const cost = seesCost(member.role);
  const { item, stock, history } = await withTenant(member.actor, async (tx) => {
    const item = await getItem(tx, id, { withCost: cost });
    const [stock, history] = await Promise.all([
      itemStock(tx, id, { withCost: cost }),
      itemHistory(tx, id, { after: query.after, limit: 25 }, { withCost: cost }),
    ]);
    return { item, stock, history };
  }).catch(rethrowAsResponse);
  return json({
    item: {
      id: item.id,
      sku: item.sku,
      name: item.name,
      description: item.description,
      category: item.category,
      unit: item.unit,
      unitDecimals: item.unitDecimals,
      barcode: item.barcode,
      kind: item.kind,
      lotTracked: item.lotTracked,
      isActive: item.isActive,
      salePrice: item.salePriceMinor.toString(),
      cost: costFor(cost, item.costMinor),
      taxRateBp: item.taxRateBp,
      reorderLevel: item.reorderLevelMicro === null ? null : formatQuantity(item.reorderLevelMicro),
      reorderQty: item.reorderQtyMicro === null ? null : formatQuantity(item.reorderQtyMicro),
      units: item.units.map((u) => ({
        unit: u.unit,
        factor: formatQuantity(u.factorMicro),
        barcode: u.barcode,
      })),
    },
    stock: stock.balances.map((row) => ({
      warehouseId: row.warehouseId,
      warehouseName: row.warehouseName,
      onHand: formatQuantity(row.onHandMicro),
      reserved: formatQuantity(row.reservedMicro),
      available: formatQuantity(row.availableMicro),
      value: costFor(cost, row.valueMinor),
      lots: stock.lots
        .filter((lot) => lot.warehouseId === row.warehouseId)
        .map((lot) => ({
          id: lot.lotId,
          number: lot.lotNumber,
          expiryDate: lot.expiryDate,
          onHand: formatQuantity(lot.onHandMicro),
        })),
    })),
    totals: {
      onHand: formatQuantity(stock.balances.reduce((sum, b) => sum + b.onHandMicro, 0n)),
      reserved: formatQuantity(stock.balances.reduce((sum, b) => sum + b.reservedMicro, 0n)),
      available: formatQuantity(stock.balances.reduce((sum, b) => sum + b.availableMicro, 0n)),
      value: cost ? stock.balances.reduce((sum, b) => sum + (b.valueMinor ?? 0n), 0n).toString() : null,
    },
    moves: moveRows(history.rows, cost),
    nextCursor: history.next,
    showCost: cost,
    ignored,
  });
}

function percent(bp: number) {
  return `${(bp / 100).toString()}%`;
}

export default function ItemDetail() {
  const { item, stock, totals, moves, nextCursor, showCost, ignored } = useLoaderData<typeof loader>();
  const [searchParams] = useSearchParams();
  const { organisation, role } = useOrganisation();
  const base = `/app/${organisation.slug}/inventory`;
  const writes = can(role, "inventory:write");
  const older = new URLSearchParams(searchParams);
  if (nextCursor) older.set("after", nextCursor);
  const details: Array<[string, React.ReactNode]> = [
    ["SKU", item.sku],
    ["Barcode", item.barcode ?? "—"],
    ["Category", item.category ?? "—"],
    ["Type", item.kind === "stock" ? (item.lotTracked ? "Stock item, by lot" : "Stock item") : "Service"],
    ["Unit", `${item.unit}${item.unitDecimals > 0 ? ` (up to ${item.unitDecimals} decimals)` : ""}`],
    ["Sale price", <Amount key="price" minor={item.salePrice} withCurrency />],
    ...(item.cost !== null ? ([["Standard cost", <Amount key="cost" minor={item.cost} withCurrency />]] as Array<[string, React.ReactNode]>) : []),
    ["Tax rate", percent(item.taxRateBp)],
    ["Reorder level", item.reorderLevel === null ? "—" : <Quantity key="level" value={item.reorderLevel} unit={item.unit} />],
    ["Reorder quantity", item.reorderQty === null ? "—" : <Quantity key="qty" value={item.reorderQty} unit={item.unit} />],
    ["Status", item.isActive ? "Active" : "Inactive"],
  ];
  return (
    <>
      <ParentLink to={`${base}/items`}>All items</ParentLink>
      <PageHeader
        title={item.name}
        description={item.description || undefined}
        actions={
          writes ? (
            <div className="flex flex-wrap gap-2">
              {item.kind === "stock" ? (
                <>
                  <Link to={`${base}/receive?item=${item.id}`} className="btn-primary">
                    Receive stock
                  </Link>
                  <Link to={`${base}/issue?item=${item.id}`} className="btn-secondary">
                    Issue stock
                  </Link>
                </>
              ) : null}
              <Link to={`${base}/items/${item.id}/edit`} className="btn-secondary">
                Edit item
              </Link>
              <Link to={`${base}/items/${item.id}/units`} className="btn-secondary">
                Edit units
              </Link>
            </div>
          ) : null
        }
      />
      <InventoryNav />
      <IgnoredParametersNotice ignored={ignored} />
      <CardSection id="item-details" title="Details" className="card mb-6">
        <dl className="grid gap-4 text-sm sm:grid-cols-3 lg:grid-cols-4">
          {details.map(([label, value]) => (
            <div key={label}>
              <dt className="text-slate-500">{label}</dt>
              <dd className="mt-1 font-medium">{value}</dd>
            </div>
          ))}
        </dl>
        {item.units.length > 0 ? (
          <p className="mt-4 text-sm">
            Also counted in:{" "}
            {item.units.map((u, i) => (
              <span key={u.unit}>
                {i > 0 ? ", " : ""}
                {u.unit} of <Quantity value={u.factor} unit={item.unit} />
              </span>
            ))}
          </p>
        ) : null}
      </CardSection>
      {item.kind === "stock" ? (
        <>
          <CardSection id="item-stock" title="Stock by warehouse" className="card mb-6 overflow-x-auto">
            <DataTable
              caption={`Stock of ${item.sku} by warehouse`}
              columns={[
                "Warehouse",
                { label: "On hand", className: "text-right" },
                { label: "Reserved", className: "text-right" },
                { label: "Available", className: "text-right" },
                ...(showCost ? [{ label: "Value", className: "text-right" }] : []),
              ]}
              rows={stock}
              rowKey={(row) => row.warehouseId}
              empty="No stock of this item in any warehouse yet."
            >
              {(row) => (
                <>
                  <td>
                    {row.warehouseName}
                    {row.lots.map((lot) => (
                      <span key={lot.id} className="block text-xs text-slate-500">
                        Lot {lot.number}
                        {lot.expiryDate ? `, expires ${formatDate(lot.expiryDate, organisation.locale)}` : ""}: <Quantity value={lot.onHand} unit={item.unit} />
                      </span>
                    ))}
                  </td>
                  <QuantityCell value={row.onHand} unit={item.unit} />
                  <QuantityCell value={row.reserved} unit={item.unit} />
                  <QuantityCell value={row.available} unit={item.unit} />
                  {showCost ? <ValueCell value={row.value} /> : null}
                </>
              )}
            </DataTable>
            {stock.length > 1 ? (
              <p className="mt-3 text-sm text-slate-700">
                In all warehouses: <Quantity value={totals.onHand} unit={item.unit} /> on hand, <Quantity value={totals.available} unit={item.unit} /> available
                {totals.value !== null ? (
                  <>
                    , worth <Amount minor={totals.value} withCurrency />
                  </>
                ) : null}
                .
              </p>
            ) : null}
          </CardSection>
          <CardSection id="item-moves" title="Move history" className="card overflow-x-auto">
            <MoveTable caption={`Moves of ${item.sku}, newest first`} moves={moves} showItem={false} showCost={showCost} empty="No moves yet." />
            {nextCursor ? (
              <p className="mt-4">
                <Link to={`?${older}`} className="link">
                  Older moves
                </Link>
              </p>
            ) : null}
          </CardSection>
        </>
      ) : null}
    </>
  );
}
