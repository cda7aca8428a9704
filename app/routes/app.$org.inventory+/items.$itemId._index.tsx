import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { PageHeader } from "~/components/app-shell";
import { CardSection } from "~/components/data-table";
import { Quantity } from "~/components/inventory/figures";
import { InventoryNav } from "~/components/inventory/inventory-nav";
import { Amount } from "~/components/ledger/ledger-nav";
import { ParentLink } from "~/components/section-links";
import { getItem } from "~/modules/inventory/items.server";
import { withTenant } from "~/modules/tenancy/context.server";
import { requireMember } from "~/modules/tenancy/guards.server";
import { can } from "~/modules/tenancy/permissions";
import { costFor, itemIdFrom, seesCost } from "~/utils/inventory-pages.server";
import { rethrowAsResponse } from "~/utils/errors.server";
import { formatQuantity } from "~/modules/inventory/quantities";
import { useOrganisation } from "~/utils/route-data";

export { GeneralErrorBoundary as ErrorBoundary } from "~/components/error-boundary";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? `${data.item.sku} ${data.item.name} · Folio` : "Item · Folio" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const member = await requireMember(request, params.org, "inventory:read");
  const id = itemIdFrom(params);
  const cost = seesCost(member.role);
  const item = await withTenant(member.actor, (tx) => getItem(tx, id, { withCost: cost })).catch(rethrowAsResponse);
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
      units: item.units.map((u) => ({ unit: u.unit, factor: formatQuantity(u.factorMicro), barcode: u.barcode })),
    },
  });
}

function percent(bp: number) {
  return `${(bp / 100).toString()}%`;
}

export default function ItemDetail() {
  const { item } = useLoaderData<typeof loader>();
  const { organisation, role } = useOrganisation();
  const base = `/app/${organisation.slug}/inventory`;
  const writes = can(role, "inventory:write");
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
            </div>
          ) : null
        }
      />
      <InventoryNav />
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
    </>
  );
}
