import { z } from "zod";
import { outcomes, pipelines, type Outcome } from "./verdicts";
import type { RunSummary } from "./run-triage";

const flag = z.union([z.boolean(), z.enum(["true", "false", "1", "0"]).transform((v) => v === "true" || v === "1")]);

/** What a caller may ask of a run (cron query string, dashboard JSON body). */
export const runRequestSchema = z.object({
  dry_run: flag.optional(),
  only: z.enum(pipelines, { error: `must be one of ${pipelines.join(", ")}` }).optional(),
  limit: z.coerce.number({ error: "must be a number" }).int("must be a whole number").min(1).max(100_000).optional(),
});
export type RunRequest = z.infer<typeof runRequestSchema>;

/** Every outcome, zero when nothing was triaged (e.g. triage disabled). */
export const noCounts = (): Record<Outcome, number> => Object.fromEntries(outcomes.map((o) => [o, 0])) as Record<Outcome, number>;

/** A run as the cron route and the dashboard API answer it. */
export function runJson(summary: RunSummary) {
  return {
    id: summary.id,
    status: summary.status,
    stop_reason: summary.stopReason,
    trigger: summary.trigger,
    dry_run: summary.dryRun,
    items: summary.items,
    counts: summary.counts,
    calls: summary.calls,
    tokens: {
      input: summary.tokens.inputTokens,
      output: summary.tokens.outputTokens,
      cache_read: summary.tokens.cacheReadTokens,
      cache_write: summary.tokens.cacheWriteTokens,
    },
    batch: summary.humans.batch,
    notified: summary.humans.notified,
    notify_failed: summary.humans.failed,
    duration_ms: summary.durationMs,
  };
}
