import { Link } from "@remix-run/react";
import { DataTable } from "~/components/data-table";
import { Amount } from "~/components/ledger/ledger-nav";
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

export interface MoveRow {
  id: string;
  moveDate: string;
  kind: string;
  itemId: string;
  sku: string;
  itemName: string;
  unit: string;
  warehouseName: string;
  quantity: string;
  quantityAfter: string;
  unitCost: string | null;
  value: string | null;
  valueAfter: string | null;
  source: string;
  reason: string | null;
  userName: string | null;
}

/** Stock moves, newest first: the item's history (without the item column) or the move ledger. */
export function MoveTable({ caption, moves, showItem, showCost, empty }: { caption: string; moves: readonly MoveRow[]; showItem: boolean; showCost: boolean; empty: string }) {
  const { organisation } = useOrganisation();
  const base = `/app/${organisation.slug}/inventory`;
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
        ...(showCost ? [{ label: "Unit cost", className: "text-right" }, { label: "Value", className: "text-right" }, { label: "Value after", className: "text-right" }] : []),
        "Source",
        "By",
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
              <Link to={`${base}/items/${move.itemId}`} className="link">
                {move.sku}
              </Link>{" "}
              <span className="text-slate-600">{move.itemName}</span>
            </td>
          ) : null}
          <td>{move.warehouseName}</td>
          <td>{MOVE_KIND_LABELS[move.kind] ?? move.kind}</td>
          <td className="whitespace-nowrap text-right tabular-nums">
            <Quantity value={move.quantity} />
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
            {move.source}
            {move.reason ? <span className="block text-xs text-slate-500">{move.reason}</span> : null}
          </td>
          <td>{move.userName}</td>
        </>
      )}
    </DataTable>
  );
}
