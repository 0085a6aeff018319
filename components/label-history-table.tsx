import type { LabelHistory } from "@/lib/labels/label-history";
import { Timestamp } from "./timestamp";
import { DataTable } from "./data-table";

/** Every emission on one subject, in seq order: what subscribers of the stream saw. */
export function LabelHistoryTable({ history }: { history: LabelHistory }) {
  return (
    <DataTable caption={`Label history of ${history.uri}, oldest first`} columns={["Seq", "Emission", "Value", "Created (UTC)", "Expires", "Source"]}>
      {history.emissions.map((emission) => (
        <tr key={emission.seq} data-testid="history-row">
          <td data-label="Seq" className="tabular-nums">
            {emission.seq}
          </td>
          <td data-label="Emission">{emission.neg ? <strong>negation</strong> : "label"}</td>
          <td data-label="Value">
            <div className="min-w-0 font-mono text-xs [overflow-wrap:anywhere]">
              <code>{emission.val}</code>
              {emission.cid ? <span className="block text-muted">cid {emission.cid}</span> : null}
            </div>
          </td>
          <td data-label="Created" className="whitespace-nowrap">
            <Timestamp date={emission.cts} style="iso" />
          </td>
          <td data-label="Expires">{emission.exp ? <Timestamp date={emission.exp} style="iso" /> : <span className="text-muted">—</span>}</td>
          <td data-label="Source">
            <code className="font-mono text-xs [overflow-wrap:anywhere]">{emission.src}</code>
          </td>
        </tr>
      ))}
    </DataTable>
  );
}
