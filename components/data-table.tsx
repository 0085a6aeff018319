import type { ReactNode } from "react";

/** A column's heading: visible text, or a name only screen readers get (a column of buttons); null leaves it out. */
export type Column = string | { srOnly: string } | null;

/**
 * The dashboard's table shell: a framed `.data-table` (below 1024 px each row becomes a
 * stacked card, see globals.css; wider, a table too wide for its room scrolls), a caption for screen readers and one header cell per
 * column. `children` are the rows.
 */
export function DataTable({ caption, columns, children }: { caption: string; columns: Column[]; children: ReactNode }) {
  return (
    <div className="overflow-x-auto rounded-xl border border-line bg-surface">
      <table className="data-table">
        <caption className="sr-only">{caption}</caption>
        <thead>
          <tr>
            {columns
              .filter((column): column is NonNullable<Column> => column !== null)
              .map((column, i) => (
                <th key={i} scope="col">
                  {typeof column === "string" ? column : <span className="sr-only">{column.srOnly}</span>}
                </th>
              ))}
          </tr>
        </thead>
        <tbody>{children}</tbody>
      </table>
    </div>
  );
}
