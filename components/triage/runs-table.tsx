import Link from "next/link";
import type { Outcome } from "@/lib/triage/verdicts";
import type { RunView } from "@/lib/triage/views/run-view";
import { formatCount } from "../format";
import { Timestamp } from "../timestamp";
import { formatUsd, tokenBreakdown, totalTokens } from "./format";
import { OutcomeBadge } from "./outcome-style";
import { RunStatusBadge } from "./run-status";
import { DataTable } from "../data-table";

/** Triage runs, newest first; each links to its items. */
export function RunsTable({ runs }: { runs: RunView[] }) {
  return (
    <DataTable caption="Triage runs, newest first" columns={["Started (UTC)", "Trigger", "Status", "Items", "Outcomes", "Tokens", "Cost (estimate)"]}>
      {runs.map((run) => (
        <tr key={run.id} data-testid="run-row" data-id={run.id}>
          <td data-label="Started" className="whitespace-nowrap">
            <Link href={`/triage/runs/${run.id}`} className="inline-flex min-h-11 items-center text-accent underline-offset-2 hover:underline">
              <Timestamp date={run.startedAt} style="iso" />
            </Link>
          </td>
          <td data-label="Trigger">
            <span className="flex flex-wrap items-center gap-2">
              {run.trigger}
              {run.dryRun ? <span className="rounded-full border border-line px-2 py-0.5 text-xs font-semibold whitespace-nowrap">dry run</span> : null}
            </span>
          </td>
          <td data-label="Status">
            <span>
              <RunStatusBadge status={run.status} />
              {run.stopReason ? <span className="block text-xs text-muted [overflow-wrap:anywhere]">{run.stopReason}</span> : null}
            </span>
          </td>
          <td data-label="Items" className="tabular-nums">
            {formatCount(run.items)}
          </td>
          <td data-label="Outcomes">
            <span className="flex flex-wrap gap-1">
              {Object.entries(run.counts).map(([outcome, n]) => (
                <OutcomeBadge key={outcome} outcome={outcome as Outcome} count={n} />
              ))}
            </span>
          </td>
          <td data-label="Tokens" className="tabular-nums" title={tokenBreakdown(run.usage)}>
            {formatCount(totalTokens(run.usage))}
          </td>
          <td data-label="Cost (est.)" className="tabular-nums">
            {formatUsd(run.estimatedCostUsd)}
          </td>
        </tr>
      ))}
    </DataTable>
  );
}
