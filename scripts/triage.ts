// `npm run triage -- [--dry-run] [--limit N] [--only flags|relay|reports]`: one triage run
// from a shell, with a progress bar and a summary table. Same leases as the cron, so
// it can run while the service does.
import { parseArgs } from "node:util";
import { runCli, usageError } from "./cli";
import { countFlags } from "@/lib/flags/count-flags";
import { countRelayEvents } from "@/lib/dashboard/count-relay-events";
import { countOpenSubjects } from "@/lib/reports/count-open-subjects";
import { env } from "@/lib/env";
import { runRequestSchema } from "@/lib/triage/run-request";
import { runTriage, type RunProgress, type RunSummary } from "@/lib/triage/run-triage";
import { triageDisabledReason, triageSettings } from "@/lib/triage/settings";
import { outcomes, type Pipeline } from "@/lib/triage/verdicts";

const USAGE = "usage: npm run triage -- [--dry-run] [--limit N] [--only flags|relay|reports]";

async function run(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { "dry-run": { type: "boolean" }, limit: { type: "string" }, only: { type: "string" } },
  });
  if (positionals.length) return usageError("triage", USAGE, `unexpected argument ${positionals[0]}`);
  const request = runRequestSchema.parse({ dry_run: values["dry-run"], limit: values.limit, only: values.only });
  const disabled = triageDisabledReason();
  if (disabled) {
    console.error(`triage: ${disabled}`);
    return 1;
  }

  const limit = request.limit ?? triageSettings().maxItems;
  const total = await plannedItems(request.only, limit);
  const bar = progressBar(total);
  const summary = await runTriage({
    trigger: "cli",
    dryRun: request.dry_run,
    only: request.only,
    limit: request.limit,
    baseUrl: env().PUBLIC_URL ?? null,
    onProgress: bar.update,
  });
  bar.done();
  printSummary(summary);
  return 0;
}

/** How many items the run will look at at most: the pending ones, up to the limit. */
async function plannedItems(only: Pipeline | undefined, limit: number): Promise<number> {
  const wanted = (pipeline: Pipeline) => only === undefined || only === pipeline;
  const flags = wanted("flags") ? Math.min(limit, (await countFlags()).pending) : 0;
  const relay = wanted("relay") ? Math.min(limit, (await countRelayEvents()).pending) : 0;
  const reports = wanted("reports") ? Math.min(limit, await countOpenSubjects()) : 0;
  return flags + relay + reports;
}

/** A one-line bar on stderr when it is a terminal; nothing otherwise (logs, cron). */
function progressBar(total: number) {
  const done: Record<Pipeline, number> = { flags: 0, relay: 0, reports: 0 };
  const tty = process.stderr.isTTY;
  return {
    update(progress: RunProgress) {
      done[progress.pipeline] = progress.done;
      if (!tty) return;
      const count = done.flags + done.relay + done.reports;
      const width = 30;
      const filled = total ? Math.min(width, Math.round((count / total) * width)) : width;
      process.stderr.write(`\r[${"#".repeat(filled)}${"-".repeat(width - filled)}] ${count}/${total} items`);
    },
    done() {
      if (tty) process.stderr.write("\n");
    },
  };
}

function printSummary(summary: RunSummary): void {
  const seconds = (summary.durationMs / 1000).toFixed(1);
  console.log(`Run ${summary.id}${summary.dryRun ? " (dry run: nothing was changed)" : ""}: ${summary.status} in ${seconds} s`);
  if (summary.stopReason) console.log(`Stopped: ${summary.stopReason}`);
  console.log("");
  const rows = outcomes.filter((outcome) => summary.counts[outcome] > 0).map((outcome) => [outcome, String(summary.counts[outcome])]);
  rows.push(["items", String(summary.items)], ["model calls", String(summary.calls)]);
  rows.push(["input tokens", String(summary.tokens.inputTokens + summary.tokens.cacheReadTokens + summary.tokens.cacheWriteTokens)]);
  rows.push(["output tokens", String(summary.tokens.outputTokens)]);
  const width = Math.max(...rows.map(([label]) => label!.length));
  for (const [label, value] of rows) console.log(`  ${label!.padEnd(width)}  ${value!.padStart(8)}`);
  const { batch, notified, failed } = summary.humans;
  if (batch) console.log(`\nReview batch: ${batch.flag_count} flags at ${batch.url}`);
  if (notified.length) console.log(`Told by DM: ${notified.join(", ")}`);
  for (const failure of failed) console.log(`DM to ${failure.handle} failed: ${failure.error}`);
}

await runCli("triage", USAGE, run);
