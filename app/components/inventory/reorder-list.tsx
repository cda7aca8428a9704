import { Link } from "@remix-run/react";
import { CardSection, DataTable } from "~/components/data-table";
import { useOrganisation } from "~/utils/route-data";
import { Quantity, QuantityCell, SkuCell } from "./figures";

export interface ReorderRow {
  id: string;
  sku: string;
  name: string;
  unit: string;
  onHand: string;
  available: string;
  reorderLevel: string;
  suggested: string;
}

/** Items at or below their reorder level, with the quantity to order: on the dashboard, the overview and the report. */
export function ReorderTable({ rows, caption }: { rows: readonly ReorderRow[]; caption: string }) {
  const { organisation } = useOrganisation();
  const base = `/app/${organisation.slug}/inventory`;
  return (
    <DataTable
      caption={caption}
      columns={[
        "SKU",
        "Item",
        { label: "On hand", className: "text-right" },
        { label: "Available", className: "text-right" },
        { label: "Reorder level", className: "text-right" },
        { label: "Suggested order", className: "text-right" },
      ]}
      rows={rows}
      rowKey={(row) => row.id}
      empty="No item is at or below its reorder level."
    >
      {(row) => (
        <>
          <SkuCell itemsPath={`${base}/items`} itemId={row.id} sku={row.sku} />
          <td>{row.name}</td>
          <QuantityCell value={row.onHand} unit={row.unit} />
          <QuantityCell value={row.available} unit={row.unit} />
          <QuantityCell value={row.reorderLevel} unit={row.unit} />
          <td className="text-right font-medium tabular-nums">
            <Quantity value={row.suggested} unit={row.unit} />
          </td>
        </>
      )}
    </DataTable>
  );
}

/** The first few items to reorder, in a card linking to the report. */
export function ReorderList({ rows, more }: { rows: readonly ReorderRow[]; more: boolean }) {
  const { organisation } = useOrganisation();
  return (
    <CardSection id="reorder-heading" title="To reorder" className="card overflow-x-auto">
      <ReorderTable rows={rows} caption="Items at or below their reorder level" />
      <p className="mt-3 text-sm">
        <Link to={`/app/${organisation.slug}/inventory/reorder`} className="link">
          {more ? "All items to reorder" : "Reorder report"}
        </Link>
      </p>
    </CardSection>
  );
}
