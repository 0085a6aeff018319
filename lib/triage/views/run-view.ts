import { db } from "@/lib/db";
import type { TriageRun, TriageRunStatus } from "@/lib/db/generated/client";
import { outcomes, type Outcome, type TokenUsage } from "../verdicts";
import { estimateCostUsd } from "./estimate-cost";

export type OutcomeCounts = Partial<Record<Outcome, number>>;

/** A run as the dashboard lists it. */
export type RunView = {
  id: string;
  trigger: string;
  dryRun: boolean;
  status: TriageRunStatus;
  stopReason: string | null;
  model: string;
  promptVersion: string;
  startedAt: Date;
  finishedAt: Date | null;
  counts: OutcomeCounts;
  items: number;
  calls: number;
  usage: TokenUsage;
  /** USD from list prices; null for a model without a known price. */
  estimatedCostUsd: number | null;
  batchId: string | null;
  notified: number;
  error: string | null;
};

/**
 * Summaries of runs. A finished run carries its counts; a run still going (or one
 * that died) is counted from its decisions so far, in one query for all of them.
 */
export async function summarizeRuns(runs: TriageRun[]): Promise<RunView[]> {
  const uncounted = runs.filter((run) => run.counts === null).map((run) => run.id);
  const groups = uncounted.length
    ? await db().triageDecision.groupBy({ by: ["runId", "outcome"], where: { runId: { in: uncounted } }, _count: { _all: true } })
    : [];
  const counted = new Map<string, Record<string, number>>();
  for (const { runId, outcome, _count } of groups) {
    const counts = counted.get(runId) ?? {};
    counts[outcome] = _count._all;
    counted.set(runId, counts);
  }
  return runs.map((run) => toRunView(run, counted.get(run.id) ?? run.counts));
}

function toRunView(run: TriageRun, rawCounts: unknown): RunView {
  const counts = readCounts(rawCounts);
  const usage: TokenUsage = {
    inputTokens: run.inputTokens,
    outputTokens: run.outputTokens,
    cacheReadTokens: run.cacheReadTokens,
    cacheWriteTokens: run.cacheWriteTokens,
  };
  return {
    ...run,
    counts,
    items: Object.values(counts).reduce((sum, n) => sum + n, 0),
    usage,
    estimatedCostUsd: estimateCostUsd(run.model, usage),
  };
}

/** Stored counts are written by the orchestrator; only known outcomes with numbers count. */
function readCounts(value: unknown): OutcomeCounts {
  const counts: OutcomeCounts = {};
  if (typeof value !== "object" || value === null) return counts;
  for (const outcome of outcomes) {
    const n = (value as Record<string, unknown>)[outcome];
    if (typeof n === "number" && n > 0) counts[outcome] = n;
  }
  return counts;
}
