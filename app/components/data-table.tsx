import type { ReactNode } from "react";

/**
 * A table of records: its column headers, then its rows. A column named "" holds each row's actions and is
 * named for screen readers only. `empty`, given when there are no rows, is said in a single row instead.
 * `stacked` tables turn each row into a card on narrow screens (the cells name themselves with data-label).
 */
export function DataTable({
  columns,
  caption,
  stacked = true,
  empty,
  children,
}: {
  columns: string[];
  caption?: string;
  stacked?: boolean;
  empty?: string | null;
  children?: ReactNode;
}) {
  return (
    <table className={stacked ? "table-basic table-stack" : "table-basic"}>
      {caption ? <caption className="sr-only">{caption}</caption> : null}
      <thead>
        <tr>
          {columns.map((column) => (
            <th key={column} scope="col">
              {column || <span className="sr-only">Actions</span>}
            </th>
          ))}
        </tr>
      </thead>
      <tbody className="divide-y divide-slate-100">
        {empty ? (
          <tr>
            <td colSpan={columns.length} className="text-slate-500">
              {empty}
            </td>
          </tr>
        ) : (
          children
        )}
      </tbody>
    </table>
  );
}
