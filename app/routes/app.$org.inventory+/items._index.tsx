import { json, redirect, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { PageHeader } from "~/components/app-shell";
import { DownloadLinks } from "~/components/download-links";
import { DataTable } from "~/components/data-table";
import { FilterForm } from "~/components/filter-form";
import { IgnoredParametersNotice, SelectField, TextField } from "~/components/forms";
import { Quantity, ValueCell } from "~/components/inventory/figures";
import { InventoryNav } from "~/components/inventory/inventory-nav";
import { PageLinks } from "~/components/inventory/page-links";
import { Amount } from "~/components/ledger/ledger-nav";
import { ITEM_SORT_CHOICES, ITEM_SORT_LABELS, itemListQuerySchema } from "~/modules/inventory/forms";
import { findItemByCode, listItemCategories, listItems } from "~/modules/inventory/items.server";
import { formatQuantity } from "~/modules/inventory/quantities";
import { withTenant } from "~/modules/tenancy/context.server";
import { requireMember } from "~/modules/tenancy/guards.server";
import { can } from "~/modules/tenancy/permissions";
import { readQuery } from "~/utils/forms";
import { costFor, seesCost } from "~/utils/inventory-pages.server";
import { useOrganisation } from "~/utils/route-data";

export { GeneralErrorBoundary as ErrorBoundary } from "~/components/error-boundary";

export const meta: MetaFunction = () => [{ title: "Items · Folio" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const member = await requireMember(request, params.org, "inventory:read");
  const { query, ignored } = readQuery(request, itemListQuerySchema);
  const cost = seesCost(member.role);
  const base = `/app/${member.organisation.slug}/inventory/items`;
  const result = await withTenant(member.actor, async (tx) => {
    // A scanned barcode (or a SKU typed whole) opens its item: a keyboard-wedge scanner types the code and presses Enter.
    if (query.q && !query.after) {
      const exact = await findItemByCode(tx, query.q, { withCost: false });
      if (exact) return { open: exact.item.id };
    }
    const filter = {
      search: query.q,
      category: query.category,
      kind: query.kind,
      status: query.status,
      belowReorder: query.reorder === "below",
      sort: query.sort,
      direction: query.direction,
      after: query.after,
    };
    const [page, categories] = await Promise.all([listItems(tx, filter, { withCost: cost }), listItemCategories(tx)]);
    return { page, categories };
  });
  if ("open" in result) return redirect(`${base}/${result.open}`);
  const { page, categories } = result;
  return json({
    items: page.rows.map((item) => ({
      id: item.id,
      sku: item.sku,
      name: item.name,
      category: item.category,
      unit: item.unit,
      kind: item.kind,
      isActive: item.isActive,
      onHand: formatQuantity(item.onHandMicro),
      available: formatQuantity(item.availableMicro),
      salePrice: item.salePriceMinor.toString(),
      cost: costFor(cost, item.costMinor),
    })),
    categories,
    nextCursor: page.next,
    showCost: cost,
    ignored,
  });
}

export default function Items() {
  const { items, categories, nextCursor, showCost, ignored } = useLoaderData<typeof loader>();
  const [searchParams] = useSearchParams();
  const { organisation, role } = useOrganisation();
  const base = `/app/${organisation.slug}/inventory/items`;
  const filtered = ["q", "category", "kind", "status", "reorder"].some((key) => searchParams.get(key));
  return (
    <>
      <PageHeader
        title="Items"
        description="What you stock and sell. Scan a barcode into the search to open its item."
        actions={
          <div className="flex flex-wrap gap-2">
            <DownloadLinks path={base} query={searchParams} subject="items" />
            {can(role, "inventory:write") ? (
              <Link to={`/app/${organisation.slug}/inventory/import`} className="btn-secondary">
                Import items or stock
              </Link>
            ) : null}
            {can(role, "inventory:write") ? (
              <Link to={`${base}/new`} className="btn-primary">
                New item
              </Link>
            ) : null}
          </div>
        }
      />
      <InventoryNav />
      <IgnoredParametersNotice ignored={ignored} />
      <FilterForm label="Search items" submitLabel="Search" className="sm:grid-cols-2 lg:grid-cols-4" search>
        <TextField
          label="Search or scan"
          name="q"
          type="search"
          defaultValue={searchParams.get("q") ?? ""}
          maxLength={100}
          autoComplete="off"
          spellCheck={false}
          className="lg:col-span-2"
          hint="SKU, name or barcode."
        />
        <SelectField
          label="Category"
          name="category"
          defaultValue={searchParams.get("category") ?? ""}
          options={[{ value: "", label: "All categories" }, ...categories.map((c) => ({ value: c, label: c }))]}
        />
        <SelectField
          label="Type"
          name="kind"
          defaultValue={searchParams.get("kind") ?? ""}
          options={[
            { value: "", label: "Stock and services" },
            { value: "stock", label: "Stock items" },
            { value: "service", label: "Services" },
          ]}
        />
        <SelectField
          label="Status"
          name="status"
          defaultValue={searchParams.get("status") ?? ""}
          options={[
            { value: "", label: "Active" },
            { value: "inactive", label: "Inactive" },
            { value: "all", label: "Active and inactive" },
          ]}
        />
        <SelectField
          label="Sort by"
          name="sort"
          defaultValue={searchParams.get("sort") ?? "sku"}
          options={ITEM_SORT_CHOICES.map((value) => ({
            value,
            label: ITEM_SORT_LABELS[value],
          }))}
        />
        <SelectField
          label="Order"
          name="direction"
          defaultValue={searchParams.get("direction") ?? "asc"}
          options={[
            { value: "asc", label: "Ascending" },
            { value: "desc", label: "Descending" },
          ]}
        />
        <SelectField
          label="Stock"
          name="reorder"
          defaultValue={searchParams.get("reorder") ?? ""}
          options={[
            { value: "", label: "Any stock" },
            { value: "below", label: "At or below reorder level" },
          ]}
        />
      </FilterForm>
      <div className="card overflow-x-auto">
        <DataTable
          caption="Items"
          columns={[
            "SKU",
            "Name",
            "Category",
            { label: "On hand", className: "text-right" },
            { label: "Available", className: "text-right" },
            { label: "Sale price", className: "text-right" },
            ...(showCost ? [{ label: "Cost", className: "text-right" }] : []),
            "Status",
          ]}
          rows={items}
          rowKey={(item) => item.id}
          empty={filtered ? "No items match." : "No items yet."}
        >
          {(item) => (
            <>
              <td className="min-w-[6rem] break-all">
                <Link to={`${base}/${item.id}`} className="link tabular-nums">
                  {item.sku}
                </Link>
              </td>
              <td>{item.name}</td>
              <td>{item.category}</td>
              <td className="text-right tabular-nums">{item.kind === "stock" ? <Quantity value={item.onHand} unit={item.unit} /> : "—"}</td>
              <td className="text-right tabular-nums">{item.kind === "stock" ? <Quantity value={item.available} unit={item.unit} /> : "—"}</td>
              <td className="text-right tabular-nums">
                <Amount minor={item.salePrice} />
              </td>
              {showCost ? <ValueCell value={item.cost} /> : null}
              <td>{item.isActive ? "Active" : "Inactive"}</td>
            </>
          )}
        </DataTable>
        <PageLinks next={nextCursor} />
      </div>
    </>
  );
}
