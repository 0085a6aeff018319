import { Timestamp } from "@/components/timestamp";
import type { BatchSummary } from "@/lib/flags/list-batches";
import { DataTable } from "../data-table";

/** Review batches with their progress; each links to its review page. */
export function BatchTable({ batches }: { batches: BatchSummary[] }) {
  return (
    <DataTable caption="Review batches, newest first" columns={["Batch", "Progress", "Status", "Created by", "Created (UTC)"]}>
      {batches.map((batch) => (
        <tr key={batch.id} data-testid="batch-row" data-id={batch.id}>
          <td data-label="Batch">
            <a href={`/review/${batch.id}`} className="inline-flex min-h-11 flex-col justify-center text-accent underline-offset-2 [overflow-wrap:anywhere] hover:underline" data-testid="batch-name">
              <span className="font-medium">
                {batch.kind === "reports" ? <span className="mr-1.5 rounded-full bg-surface-raised px-2 py-0.5 text-xs font-semibold text-foreground" data-testid="batch-kind">Reports</span> : null}
                {batch.name ?? "Unnamed batch"}
              </span>
              <span className="font-mono text-xs text-muted">{batch.id.slice(0, 8)}…</span>
            </a>
          </td>
          <td data-label="Progress" className="min-w-40">
            <span className="tabular-nums" data-testid="batch-progress">
              {batch.reviewed} of {batch.total} reviewed
            </span>
            <span aria-hidden="true" className="mt-1 block h-1.5 w-full max-w-40 overflow-hidden rounded-full bg-surface-raised">
              <span className="block h-full bg-accent" style={{ width: `${batch.total ? (100 * batch.reviewed) / batch.total : 0}%` }} />
            </span>
          </td>
          <td data-label="Status">
            <span className={`rounded-full px-2.5 py-0.5 text-xs font-semibold ${batch.status === "pending" ? "bg-warning-soft text-warning" : "bg-accent-soft"}`}>
              {batch.status === "pending" ? "open" : "completed"}
            </span>
          </td>
          <td data-label="Created by" className="[overflow-wrap:anywhere]">
            {batch.createdBy}
          </td>
          <td data-label="Created" className="whitespace-nowrap">
            <Timestamp date={batch.createdAt} style="iso" />
          </td>
        </tr>
      ))}
    </DataTable>
  );
}
