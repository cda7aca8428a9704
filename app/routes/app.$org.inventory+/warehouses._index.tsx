import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { PageHeader } from "~/components/app-shell";
import { DataTable } from "~/components/data-table";
import { ValueCell } from "~/components/inventory/figures";
import { InventoryNav } from "~/components/inventory/inventory-nav";
import { warehouseTotalsAsOf } from "~/modules/inventory/stock-reports.server";
import { listWarehouses } from "~/modules/inventory/warehouses.server";
import { withTenant } from "~/modules/tenancy/context.server";
import { requireMember } from "~/modules/tenancy/guards.server";
import { can } from "~/modules/tenancy/permissions";
import { todayIn } from "~/utils/dates";
import { costFor, seesCost } from "~/utils/inventory-pages.server";
import { useOrganisation } from "~/utils/route-data";

export { GeneralErrorBoundary as ErrorBoundary } from "~/components/error-boundary";

export const meta: MetaFunction = () => [{ title: "Warehouses · Folio" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const member = await requireMember(request, params.org, "inventory:read");
  const cost = seesCost(member.role);
  const { warehouses, totals } = await withTenant(member.actor, async (tx) => {
    const [warehouses, totals] = await Promise.all([listWarehouses(tx), cost ? warehouseTotalsAsOf(tx, todayIn(member.organisation.timeZone)) : Promise.resolve([])]);
    return { warehouses, totals };
  });
  const valueOf = new Map(totals.map((t) => [t.warehouseId, t.valueMinor]));
  return json({
    warehouses: warehouses.map((w) => ({
      id: w.id,
      code: w.code,
      name: w.name,
      isDefault: w.isDefault,
      isActive: w.isActive,
      value: costFor(cost, valueOf.get(w.id) ?? 0n),
    })),
    showCost: cost,
  });
}

export default function Warehouses() {
  const { warehouses, showCost } = useLoaderData<typeof loader>();
  const { organisation, role } = useOrganisation();
  const base = `/app/${organisation.slug}/inventory/warehouses`;
  const writes = can(role, "inventory:write");
  return (
    <>
      <PageHeader
        title="Warehouses"
        description="Where stock is kept. Every stock balance belongs to one."
        actions={
          writes ? (
            <Link to={`${base}/new`} className="btn-primary">
              New warehouse
            </Link>
          ) : null
        }
      />
      <InventoryNav />
      <div className="card overflow-x-auto">
        <DataTable
          caption="Warehouses by code"
          columns={["Code", "Name", ...(showCost ? [{ label: "Stock value", className: "text-right" }] : []), "Status", ""]}
          rows={warehouses}
          rowKey={(w) => w.id}
          empty="No warehouses yet."
        >
          {(w) => (
            <>
              <td className="whitespace-nowrap">
                {writes ? (
                  <Link to={`${base}/${w.id}`} className="link">
                    {w.code}
                  </Link>
                ) : (
                  w.code
                )}
              </td>
              <td>
                {w.name}
                {w.isDefault ? <span className="ml-2 rounded bg-slate-100 px-1.5 py-0.5 text-xs text-slate-700">Default</span> : null}
              </td>
              {showCost ? <ValueCell value={w.value} /> : null}
              <td>{w.isActive ? "Active" : "Inactive"}</td>
              <td>
                <Link to={`/app/${organisation.slug}/inventory/stock?warehouse=${w.id}`} className="link text-sm">
                  Stock<span className="sr-only"> in {w.name}</span>
                </Link>
              </td>
            </>
          )}
        </DataTable>
      </div>
    </>
  );
}
