import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { PageHeader } from "~/components/app-shell";
import { IgnoredParametersNotice } from "~/components/forms";
import { InventoryNav } from "~/components/inventory/inventory-nav";
import { PageLinks } from "~/components/inventory/page-links";
import { ReorderTable } from "~/components/inventory/reorder-list";
import { reorderQuerySchema } from "~/modules/inventory/forms";
import { reorderList } from "~/modules/inventory/stock-reports.server";
import { withTenant } from "~/modules/tenancy/context.server";
import { requireMember } from "~/modules/tenancy/guards.server";
import { readQuery } from "~/utils/forms";
import { reorderRows } from "~/utils/inventory-pages.server";

export { GeneralErrorBoundary as ErrorBoundary } from "~/components/error-boundary";

export const meta: MetaFunction = () => [{ title: "Reorder report · Folio" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const member = await requireMember(request, params.org, "inventory:read");
  const { query, ignored } = readQuery(request, reorderQuerySchema);
  const page = await withTenant(member.actor, (tx) => reorderList(tx, { after: query.after, limit: 100 }));
  return json({ rows: reorderRows(page.rows), next: page.next, ignored });
}

export default function ReorderReport() {
  const { rows, next, ignored } = useLoaderData<typeof loader>();
  return (
    <>
      <PageHeader
        title="Reorder report"
        description="Active stock items whose available stock over all warehouses (on hand less reserved) is at or below their reorder level, by SKU, with the quantity to order."
      />
      <InventoryNav />
      <IgnoredParametersNotice ignored={ignored} />
      <div className="card overflow-x-auto">
        <ReorderTable rows={rows} caption="Items to reorder, by SKU" />
        <PageLinks next={next} />
      </div>
    </>
  );
}
