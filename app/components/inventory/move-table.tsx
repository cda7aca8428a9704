import { Link } from "@remix-run/react";
import { DataTable } from "~/components/data-table";
import { Amount } from "~/components/ledger/ledger-nav";
import { can } from "~/modules/tenancy/permissions";
import { formatDate } from "~/utils/format";
import { useOrganisation } from "~/utils/route-data";
import { Quantity } from "./figures";

export const MOVE_KIND_LABELS: Record<string, string> = {
  receipt: "Receipt",
  issue: "Issue",
  transfer_in: "Transfer in",
  transfer_out: "Transfer out",
  adjustment: "Adjustment",
  count: "Count",
};

/** A stock move as the pages show it (app/utils/inventory-pages.server.ts makes them). */
export interface MoveView {
  id: string;
  moveDate: string;
  kind: string;
  itemId: string;
  sku: string;
  itemName: string;
  unit: string;
  warehouse: string;
  lotNumber: string | null;
  quantity: string;
  quantityAfter: string;
  unitCost: string | null;
  value: string | null;
  valueAfter: string | null;
  source: string;
  reference: string | null;
  reason: string | null;
  journalEntryId: string | null;
}

/** Stock moves, newest first: the item's history (without the item column) or the move ledger. */
export function MoveTable({
  caption,
  moves,
  showItem,
  showCost,
  empty,
}: {
  caption: string;
  moves: readonly MoveView[];
  showItem: boolean;
  showCost: boolean;
  empty: string;
}) {
  const { organisation, role } = useOrganisation();
  const base = `/app/${organisation.slug}`;
  const readsBooks = can(role, "ledger:read");
  return (
    <DataTable
      caption={caption}
      columns={[
        "Date",
        ...(showItem ? ["Item"] : []),
        "Warehouse",
        "Kind",
        { label: "Quantity", className: "text-right" },
        { label: "On hand after", className: "text-right" },
        ...(showCost
          ? [
              { label: "Unit cost", className: "text-right" },
              { label: "Value", className: "text-right" },
              { label: "Value after", className: "text-right" },
            ]
          : []),
        "Source",
      ]}
      rows={moves}
      rowKey={(move) => move.id}
      empty={empty}
    >
      {(move) => (
        <>
          <td className="whitespace-nowrap tabular-nums">{formatDate(move.moveDate, organisation.locale)}</td>
          {showItem ? (
            <td>
              <Link to={`${base}/inventory/items/${move.itemId}`} className="link">
                {move.sku}
              </Link>{" "}
              <span className="text-slate-600">{move.itemName}</span>
            </td>
          ) : null}
          <td>
            {move.warehouse}
            {move.lotNumber ? <span className="block text-xs text-slate-500">Lot {move.lotNumber}</span> : null}
          </td>
          <td>{MOVE_KIND_LABELS[move.kind] ?? move.kind}</td>
          <td className="whitespace-nowrap text-right tabular-nums">
            <Quantity value={move.quantity} unit={move.unit} />
          </td>
          <td className="whitespace-nowrap text-right tabular-nums">
            <Quantity value={move.quantityAfter} />
          </td>
          {showCost ? (
            <>
              <td className="text-right tabular-nums">{move.unitCost === null ? null : <Amount minor={move.unitCost} />}</td>
              <td className="text-right tabular-nums">{move.value === null ? null : <Amount minor={move.value} />}</td>
              <td className="text-right tabular-nums">{move.valueAfter === null ? null : <Amount minor={move.valueAfter} />}</td>
            </>
          ) : null}
          <td>
            {move.journalEntryId && readsBooks ? (
              <Link to={`${base}/ledger/entries/${move.journalEntryId}`} className="link">
                {move.source}
              </Link>
            ) : (
              move.source
            )}
            {move.reference ? <span className="block text-xs text-slate-500">{move.reference}</span> : null}
            {move.reason ? <span className="block text-xs text-slate-500">{move.reason}</span> : null}
          </td>
        </>
      )}
    </DataTable>
  );
}
