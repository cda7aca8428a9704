import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { PageHeader } from "~/components/app-shell";
import { InventoryNav } from "~/components/inventory/inventory-nav";
import { Amount } from "~/components/ledger/ledger-nav";
import { ReorderList } from "~/components/inventory/reorder-list";
import { SectionLinks } from "~/components/section-links";
import { inventorySummary, reorderList } from "~/modules/inventory/stock-reports.server";
import { listWarehouses } from "~/modules/inventory/warehouses.server";
import { withTenant } from "~/modules/tenancy/context.server";
import { requireMember } from "~/modules/tenancy/guards.server";
import { can } from "~/modules/tenancy/permissions";
import { reorderRows, seesCost } from "~/utils/inventory-pages.server";
import { formatInteger } from "~/utils/format";
import { useOrganisation } from "~/utils/route-data";

export { GeneralErrorBoundary as ErrorBoundary } from "~/components/error-boundary";

export const meta: MetaFunction = () => [{ title: "Inventory · Folio" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const member = await requireMember(request, params.org, "inventory:read");
  const cost = seesCost(member.role);
  const { summary, reorder, warehouses } = await withTenant(member.actor, async (tx) => {
    const [summary, reorder, warehouses] = await Promise.all([inventorySummary(tx), reorderList(tx, { limit: 5 }), listWarehouses(tx, { status: "active" })]);
    return { summary, reorder, warehouses };
  });
  return json({
    items: summary.items,
    warehouses: warehouses.length,
    value: cost ? summary.stockValueMinor.toString() : null,
    toReorder: summary.toReorder,
    expiringSoon: summary.expiringSoon,
    reorder: reorderRows(reorder.rows),
  });
}

export default function InventoryOverview() {
  const { items, warehouses, value, toReorder, expiringSoon, reorder } = useLoaderData<typeof loader>();
  const { organisation, role } = useOrganisation();
  const base = `/app/${organisation.slug}/inventory`;
  const writes = can(role, "inventory:write");
  const sections = [
    {
      title: "Items",
      to: `${base}/items`,
      text: "What you stock and sell: SKU, barcode, units, prices, reorder levels.",
    },
    {
      title: "Warehouses",
      to: `${base}/warehouses`,
      text: "Where the stock is kept.",
    },
    {
      title: "Stock balances",
      to: `${base}/stock`,
      text: "On hand, reserved and available per item and warehouse.",
    },
    {
      title: "Move ledger",
      to: `${base}/moves`,
      text: "Every change of stock, newest first; moves are never edited.",
    },
    {
      title: "Reorder report",
      to: `${base}/reorder`,
      text: "Items at or below their reorder level, with the quantity to order.",
    },
    {
      title: "Stock as at a date",
      to: `${base}/stock/as-of`,
      text: "What each warehouse held at the end of any day, with totals per warehouse.",
    },
    {
      title: "Lots expiring soon",
      to: `${base}/expiring`,
      text: "Lots with stock that expire within the days you choose, expired ones first.",
    },
    ...(can(role, "ledger:read")
      ? [
          {
            title: "Reconciliation with the ledger",
            to: `${base}/reconciliation`,
            text: "Stock value per warehouse beside the inventory account's balance, for any date.",
          },
        ]
      : []),
    ...(can(role, "inventory:manage")
      ? [
          {
            title: "Inventory settings",
            to: `${base}/settings`,
            text: "Whether stock may go below zero.",
          },
        ]
      : []),
    ...(writes
      ? [
          {
            title: "Receive stock",
            to: `${base}/receive`,
            text: "Goods in, with their cost.",
          },
          {
            title: "Issue stock",
            to: `${base}/issue`,
            text: "Goods out; never more than is available.",
          },
          {
            title: "Transfer stock",
            to: `${base}/transfer`,
            text: "From one warehouse to another, both sides at once.",
          },
          {
            title: "Adjust stock",
            to: `${base}/adjust`,
            text: "A correction up or down, with its reason.",
          },
          {
            title: "Stock counts",
            to: `${base}/counts`,
            text: "Count a warehouse, review the differences, post them.",
          },
        ]
      : []),
  ];
  return (
    <>
      <PageHeader title="Inventory" description={`The stock of ${organisation.name}: items, warehouses, moves and balances.`} />
      <InventoryNav />
      {items === 0 ? (
        <p className="mb-6 rounded-md border border-amber-200 bg-amber-50 p-3 text-sm text-amber-900">
          No items yet.{" "}
          {writes ? (
            <Link to={`${base}/items/new`} className="link">
              Add the first item
            </Link>
          ) : (
            "A storekeeper or an administrator adds them"
          )}
          , then receive stock into a warehouse.
        </p>
      ) : null}
      <dl className="mb-6 grid gap-4 sm:grid-cols-2 lg:grid-cols-4">
        <div className="card">
          <dt className="text-sm text-slate-500">Active items</dt>
          <dd className="mt-1 text-2xl font-semibold tabular-nums">{formatInteger(items, organisation.locale)}</dd>
        </div>
        <div className="card">
          <dt className="text-sm text-slate-500">Active warehouses</dt>
          <dd className="mt-1 text-2xl font-semibold tabular-nums">{formatInteger(warehouses, organisation.locale)}</dd>
        </div>
        <div className="card">
          <dt className="text-sm text-slate-500">Items to reorder</dt>
          <dd className="mt-1 text-2xl font-semibold tabular-nums">{formatInteger(toReorder, organisation.locale)}</dd>
        </div>
        {value !== null ? (
          <div className="card">
            <dt className="text-sm text-slate-500">Stock value</dt>
            <dd className="mt-1 text-2xl font-semibold tabular-nums">
              <Amount minor={value} withCurrency />
            </dd>
          </div>
        ) : (
          <div className="card">
            <dt className="text-sm text-slate-500">Lots expiring in 30 days</dt>
            <dd className="mt-1 text-2xl font-semibold tabular-nums">{formatInteger(expiringSoon, organisation.locale)}</dd>
          </div>
        )}
      </dl>
      {reorder.length > 0 ? <ReorderList rows={reorder} more={toReorder > reorder.length} /> : null}
      <SectionLinks sections={sections} className="mt-6 grid gap-4 sm:grid-cols-2" />
    </>
  );
}
