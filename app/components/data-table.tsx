import type { ReactNode } from "react";

export interface DataColumn {
  label: ReactNode;
  className?: string;
}

/** The header of a column of buttons (a column named ""): said to screen readers only. */
const ACTIONS_LABEL = <span className="sr-only">Actions</span>;

/**
 * A table of rows: a caption for screen readers, a header per column and, when there are no rows and `empty` says
 * what to tell, one line saying so. Each row's cells come from `children`. A column named "" holds each row's buttons.
 * `className` "table-basic table-stack" turns each row into a card on narrow screens (cells name themselves with data-label).
 */
export function DataTable<Row>({
  caption,
  columns,
  rows,
  rowKey,
  empty,
  className = "table-basic",
  children,
}: {
  caption: string;
  columns: ReadonlyArray<string | DataColumn>;
  rows: readonly Row[];
  rowKey: (row: Row) => string | number;
  empty?: ReactNode;
  className?: string;
  children: (row: Row) => ReactNode;
}) {
  return (
    <table className={className}>
      <caption className="sr-only">{caption}</caption>
      <thead>
        <tr>
          {columns.map((column, index) => {
            const { label, className: columnClass } = typeof column === "string" ? { label: column || ACTIONS_LABEL, className: undefined } : column;
            return (
              <th key={index} scope="col" className={columnClass}>
                {label}
              </th>
            );
          })}
        </tr>
      </thead>
      <tbody className="divide-y divide-slate-100">
        {rows.length === 0 && empty ? (
          <tr>
            <td colSpan={columns.length} className="text-slate-500">
              {empty}
            </td>
          </tr>
        ) : (
          rows.map((row) => <tr key={rowKey(row)}>{children(row)}</tr>)
        )}
      </tbody>
    </table>
  );
}

/** A card with a heading that names what it holds (a table, details), for the page's outline. */
export function CardSection({ id, title, className = "card", children }: { id: string; title: ReactNode; className?: string; children: ReactNode }) {
  return (
    <section aria-labelledby={id} className={className}>
      <h2 id={id} className="mb-3 text-lg font-semibold">
        {title}
      </h2>
      {children}
    </section>
  );
}
