import Link from "next/link";
import type { ReactNode } from "react";
import type { Outcome } from "@/lib/triage/verdicts";
import { modelPrice } from "@/lib/triage/views/estimate-cost";
import type { RunView } from "@/lib/triage/views/run-view";
import { formatCount } from "../format";
import { Timestamp } from "../timestamp";
import { formatDuration, formatUsd, tokenBreakdown, totalTokens } from "./format";
import { OutcomeBadge } from "./outcome-style";
import { RunStatusBadge } from "./run-status";

function Row({ term, children }: { term: string; children: ReactNode }) {
  return (
    <div className="grid gap-1 sm:grid-cols-[12rem_1fr]">
      <dt className="font-medium text-muted">{term}</dt>
      <dd className="[overflow-wrap:anywhere]">{children}</dd>
    </div>
  );
}

/** A run's totals as a definition list. */
export function RunSummaryPanel({ run }: { run: RunView }) {
  const price = modelPrice(run.model);
  const plural = (n: number, word: string) => `${formatCount(n)} ${word}${n === 1 ? "" : "s"}`;
  return (
    <dl className="space-y-2 rounded-xl border border-line bg-surface p-4 text-sm" data-testid="run-summary">
      <Row term="Status">
        <RunStatusBadge status={run.status} />
        {run.stopReason ? <span className="ml-2">{run.stopReason}</span> : null}
      </Row>
      <Row term="Started">
        <Timestamp date={run.startedAt} /> · {formatDuration(run.startedAt, run.finishedAt)}
      </Row>
      <Row term="Model">
        <span className="font-mono">{run.model}</span> · prompt {run.promptVersion}
      </Row>
      <Row term="Items">
        {plural(run.items, "item")} in {plural(run.calls, "model call")}
      </Row>
      <Row term="Outcomes">
        <span className="flex flex-wrap gap-1">
          {Object.entries(run.counts).map(([outcome, n]) => (
            <OutcomeBadge key={outcome} outcome={outcome as Outcome} count={n} />
          ))}
        </span>
      </Row>
      <Row term="Tokens">
        {formatCount(totalTokens(run.usage))} ({tokenBreakdown(run.usage)})
      </Row>
      <Row term="Cost (estimate)">
        {price ? `${formatUsd(run.estimatedCostUsd)} at ${price.family} list prices` : "no estimate: the model is not in the price table"}
      </Row>
      <Row term="Review batch">
        {run.batchId ? (
          <>
            <Link href={`/review/${run.batchId}`} className="inline-flex min-h-11 items-center font-mono text-accent underline">
              {run.batchId}
            </Link>
            {` · ${plural(run.notified, "moderator")} told`}
          </>
        ) : (
          "none"
        )}
      </Row>
      {run.error ? (
        <Row term="Error">
          <span className="text-danger">{run.error}</span>
        </Row>
      ) : null}
    </dl>
  );
}
