// `npm run bench:triage [-- --quick] [-- --database-url URL]`: 1,000 pending copyright
// flags and 1,000 held relay events triaged end to end by runTriage, against the fake
// Messages API (the real SDK over loopback), whose answer takes a fixed part plus a part
// per output token, as a model's generation does (so a call deciding 20 items takes longer
// than one deciding one), with the deployment's default items per call and calls in
// flight. In the same run, each on freshly seeded data, interleaved over three repetitions:
//   * the baseline: one item per call, one call in flight (the seed's design), on 50 flags
//     and 50 events per repetition (2,000 such calls would take three quarters of an hour);
//     it is compared by its measured items/s, never extrapolated to a duration;
//   * the same main run with the fake answering at once: what Warden itself costs.
// Runs on a throwaway PGlite folder, or on a scratch database of the PostgreSQL server
// named by --database-url or DATABASE_URL (created and dropped here; nothing else is touched).
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { parseArgs } from "node:util";
import { queryTestServer } from "../test/support/test-run";

const { values: flags } = parseArgs({ options: { quick: { type: "boolean" }, "database-url": { type: "string" } } });
const QUICK = flags.quick ?? false;
const COUNT = QUICK ? 100 : 1_000; // per pipeline, main runs
const SAMPLE = QUICK ? 10 : 50; // per pipeline, baseline
const WARMUP = QUICK ? 20 : 100; // per pipeline, an unreported first run (JIT, caches), as in a running server
const REPETITIONS = 3;
// The fake model: time to the first token, then the time per output token (about 65
// tokens/s, a Sonnet-class model's output rate). Parameters of the model, not results.
const LATENCY_MS = 500;
const MS_PER_OUTPUT_TOKEN = 15;
const BUDGET_MS = 600_000; // the deployment default is 50 s; the bench must finish
const MAX_AUTO_ACTIONS = 100_000; // TRIAGE_MAX_AUTO_ACTIONS (default 500) must not trip here

const serverUrl = flags["database-url"] ?? process.env.DATABASE_URL;
const dataDir = mkdtempSync(path.join(tmpdir(), "warden-bench-triage-"));
const scratch = serverUrl ? `warden_bench_triage_${randomBytes(4).toString("hex")}` : null;
Object.assign(process.env, { DATA_DIR: dataDir, LOG_LEVEL: "silent", LABELER_DID: "did:web:bench.warden.test" });
delete process.env.DATABASE_URL;
if (serverUrl && scratch) {
  await queryTestServer(serverUrl, `CREATE DATABASE "${scratch}"`);
  process.env.DATABASE_URL = Object.assign(new URL(serverUrl), { pathname: `/${scratch}` }).href;
}

const { FAKE_API_KEY, startFakeAnthropic } = await import("../test/support/fake-anthropic.ts");
process.env.ANTHROPIC_API_KEY = FAKE_API_KEY;
const { closeDatabase, db } = await import("@/lib/db");
const { migrateDatabase } = await import("@/lib/db/migrations");
const { createModelClient } = await import("@/lib/triage/model/client");
const { runTriage } = await import("@/lib/triage/run-triage");
const { triageSettings } = await import("@/lib/triage/settings");
const { estimateCostUsd } = await import("@/lib/triage/views/estimate-cost");
const { decideLikeAModel, seedEvents, seedFlags } = await import("./triage/workload.ts");
type RunSummary = Awaited<ReturnType<typeof runTriage>>;

type Phase = { key: string; label: string; items: number; latencyMs: number; msPerOutputToken: number; itemsPerCall: number; concurrency: number };
type Result = Phase & {
  summary: RunSummary;
  wallMs: number;
  cpuMs: number;
  /** Share of the wall time the main thread was busy (JS, and PGlite, which runs on it). */
  busy: number;
  outcomes: Record<string, Record<string, number>>;
};

const defaults = triageSettings();
const model = { latencyMs: LATENCY_MS, msPerOutputToken: MS_PER_OUTPUT_TOKEN };
const phases: Phase[] = [
  { key: "main", label: "main", items: COUNT, ...model, itemsPerCall: defaults.itemsPerCall, concurrency: defaults.concurrency },
  { key: "alone", label: "Warden alone", items: COUNT, latencyMs: 0, msPerOutputToken: 0, itemsPerCall: defaults.itemsPerCall, concurrency: defaults.concurrency },
  { key: "base", label: "baseline", items: SAMPLE, ...model, itemsPerCall: 1, concurrency: 1 },
];

const loadBefore = loadavg()[0]!;
const results: Result[] = [];
try {
  await migrateDatabase();
  await measure({ ...phases[1]!, key: "warm", label: "warm-up (not reported)", items: WARMUP });
  // Each phase goes first, second and third once, so that a burst of other work on the machine does not land on one only.
  for (let repetition = 0; repetition < REPETITIONS; repetition++) {
    for (let i = 0; i < phases.length; i++) results.push(await measure(phases[(i + repetition) % phases.length]!));
  }
} finally {
  await closeDatabase();
  rmSync(dataDir, { recursive: true, force: true });
  if (serverUrl && scratch) await queryTestServer(serverUrl, `DROP DATABASE IF EXISTS "${scratch}" WITH (FORCE)`);
}
report();
process.exit(0); // the event verifier's threads would keep the process alive

/** Empties the queues, seeds `items` flags and events, and triages them all in one run against a fresh fake. */
async function measure(phase: Phase): Promise<Result> {
  await db().$executeRawUnsafe(
    `TRUNCATE labels, label_heads, subject_contexts, review_batches, review_batch_items, relay_events,
              triage_runs, triage_decisions, triage_leases, audit_log, relay_policy_changes CASCADE`,
  );
  const seeding = performance.now();
  await seedFlags(phase.items, `${phase.key}-`);
  await seedEvents(phase.items);
  const shape = `${phase.itemsPerCall} per call × ${phase.concurrency} in flight, model ${modelOf(phase)}`;
  console.error(`${phase.label}: ${phase.items} flags + ${phase.items} events seeded in ${seconds(performance.now() - seeding)} s; triaging (${shape})…`);

  const fake = await startFakeAnthropic({ latencyMs: phase.latencyMs, msPerOutputToken: phase.msPerOutputToken, decide: decideLikeAModel });
  const client = createModelClient({ apiKey: FAKE_API_KEY, baseURL: fake.url, maxRetries: 0 })!;
  const total = phase.items * 2;
  const done = { flags: 0, relay: 0, reports: 0 };
  const cpu = process.cpuUsage();
  const loop = performance.eventLoopUtilization();
  const started = performance.now();
  try {
    const summary = await runTriage({
      trigger: "cli",
      baseUrl: "https://warden.bench",
      client,
      settings: { itemsPerCall: phase.itemsPerCall, concurrency: phase.concurrency, budgetMs: BUDGET_MS, maxItems: 1_000, maxAutoActions: MAX_AUTO_ACTIONS },
      onProgress: (progress) => {
        done[progress.pipeline] = progress.done;
        if (process.stderr.isTTY) process.stderr.write(`\r  ${done.flags + done.relay}/${total} items`);
      },
    });
    const wallMs = performance.now() - started;
    const { user, system } = process.cpuUsage(cpu);
    const busy = performance.eventLoopUtilization(loop).utilization;
    if (process.stderr.isTTY) process.stderr.write("\n");
    const rows = await db().$queryRaw<{ pipeline: string; outcome: string; n: number }[]>`
      SELECT pipeline, outcome, count(*)::int AS n FROM triage_decisions WHERE run_id = ${summary.id} GROUP BY 1, 2 ORDER BY 1, 3 DESC`;
    const outcomes: Result["outcomes"] = {};
    for (const row of rows) (outcomes[row.pipeline] ??= {})[row.outcome] = row.n;
    if (summary.status !== "completed" || summary.items !== total) {
      console.error(`  WARNING: run ${summary.status}${summary.stopReason ? ` (${summary.stopReason})` : ""}, ${summary.items} of ${total} items decided`);
    }
    return { ...phase, summary, wallMs, cpuMs: (user + system) / 1000, busy, outcomes };
  } finally {
    await fake.close();
  }
}

// ── report ───────────────────────────────────────────────────────────────────
function modelOf(phase: Phase): string {
  return phase.latencyMs || phase.msPerOutputToken ? `${phase.latencyMs} ms + ${phase.msPerOutputToken} ms/output token` : "at once";
}

function report(): void {
  const fmt = (n: number, digits = 0) => n.toLocaleString("en-US", { minimumFractionDigits: digits, maximumFractionDigits: digits });
  const rate = (r: Result) => r.summary.items / (r.wallMs / 1000);
  const tokensIn = (r: Result) => r.summary.tokens.inputTokens + r.summary.tokens.cacheReadTokens + r.summary.tokens.cacheWriteTokens;
  const perItem = (r: Result, n: number) => n / Math.max(1, r.summary.items);
  const costPer1000 = (r: Result) => {
    const usd = estimateCostUsd(defaults.model, r.summary.tokens);
    return usd === null ? "n/a" : `$${((usd / Math.max(1, r.summary.items)) * 1000).toFixed(2)}`;
  };
  const runsOf = (key: string) => results.filter((r) => r.key === key);
  const medianRun = (key: string) => [...runsOf(key)].sort((a, b) => rate(a) - rate(b))[Math.floor(runsOf(key).length / 2)]!;
  const rates = (key: string) => runsOf(key).map((r) => fmt(rate(r), rate(r) < 10 ? 2 : 1)).join(", ");
  const [main, alone, base] = [medianRun("main"), medianRun("alone"), medianRun("base")];
  const database = scratch ? "PostgreSQL server (scratch database)" : "embedded PGlite";

  console.log(`\nWarden triage benchmark${QUICK ? " (--quick: smoke-test counts)" : ""}: Node ${process.version}, ${cpus().length} CPUs, ${database}`);
  console.log(
    `fake Messages API on loopback (the real SDK, retries off), answering after ${LATENCY_MS} ms plus ${MS_PER_OUTPUT_TOKEN} ms per output token of its answer; ` +
      `verdicts decided from each item's data, the same in every run; every run on an emptied queue, freshly seeded, ${REPETITIONS} repetitions interleaved, ` +
      `after one unreported warm-up run of ${WARMUP} + ${WARMUP} items`,
  );
  console.log(
    `settings: ${main.itemsPerCall} items per call, ${main.concurrency} calls in flight (triageSettings() defaults), ${fmt(COUNT)} items per pipeline, ` +
      `budget ${BUDGET_MS / 1000} s (deployment default ${defaults.budgetMs / 1000} s), at most ${fmt(MAX_AUTO_ACTIONS)} automatic actions ` +
      `(default ${fmt(defaults.maxAutoActions)}), auto-confidence ${defaults.autoConfidence}; no CONTENT_EXISTS_URL, no DM recipients`,
  );
  console.log(`machine load average: ${loadBefore.toFixed(1)} before, ${loadavg().map((n) => n.toFixed(1)).join(" ")} after (other work on the machine slows every figure)\n`);

  const header = ["run", "items", "calls", "calls/item", "wall s", "items/s", "main thread busy", "CPU s", "in tok/item", "out tok/item", "$/1k items"];
  const widths = [58, 7, 7, 11, 8, 9, 17, 7, 12, 13, 11];
  const line = (cells: string[]) => console.log(cells.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join(""));
  line(header);
  for (const r of results) {
    line([
      `${r.label}: ${r.itemsPerCall}/call × ${r.concurrency}, model ${modelOf(r)}`,
      fmt(r.summary.items),
      fmt(r.summary.calls),
      fmt(perItem(r, r.summary.calls), 2),
      fmt(r.wallMs / 1000, 1),
      fmt(rate(r), rate(r) < 10 ? 2 : 1),
      `${fmt(r.busy * 100)}%`,
      fmt(r.cpuMs / 1000, 1),
      fmt(perItem(r, tokensIn(r))),
      fmt(perItem(r, r.summary.tokens.outputTokens)),
      costPer1000(r),
    ]);
  }

  console.log("\noutcomes (the median main run)");
  for (const [pipeline, counts] of Object.entries(main.outcomes)) {
    const sum = Object.values(counts).reduce((a, b) => a + b, 0);
    console.log(`  ${pipeline.padEnd(6)} ${fmt(sum).padStart(6)}: ${Object.entries(counts).map(([outcome, n]) => `${outcome} ${fmt(n)}`).join(", ")}`);
  }
  const batch = main.summary.humans.batch;
  console.log(`  review batch for humans: ${batch ? `${fmt(batch.flag_count)} flags` : "none"}; run status ${main.summary.status}${main.summary.stopReason ? ` (${main.summary.stopReason})` : ""}`);

  const mainItems = main.summary.items;
  console.log(`\nsummary (medians of ${REPETITIONS} repetitions)`);
  console.log(
    `  main: ${fmt(mainItems)} items in ${fmt(main.wallMs / 1000, 1)} s; items/s ${rates("main")}; ${fmt(perItem(main, main.summary.calls), 2)} calls per item ` +
      `(target for 2,000: < 60 s${QUICK ? "; not applicable to --quick" : `: ${main.wallMs < 60_000 && mainItems === 2_000 ? "PASS" : "FAIL"}`}; ` +
      `within the default ${defaults.budgetMs / 1000} s budget: ${main.wallMs < defaults.budgetMs ? "yes" : "no, a default deployment finishes in the next run"})`,
  );
  console.log(
    `  baseline (one item per call, one call in flight; ${fmt(base.summary.items)} items per repetition): items/s ${rates("base")}; ` +
      `main / baseline = ${fmt(rate(main) / rate(base), 1)}x the items/s (medians)`,
  );
  console.log(
    `  Warden alone (the model answering at once, the same ${fmt(alone.summary.items)} items): ${fmt(alone.wallMs / 1000, 1)} s, items/s ${rates("alone")} ` +
      `(${fmt(alone.wallMs / Math.max(1, alone.summary.items), 1)} ms per item, ${fmt(alone.cpuMs / 1000, 1)} s CPU in this process incl. ${scratch ? "the client side" : "PGlite"}): ` +
      `the model's share of the main run's ${fmt(main.wallMs / 1000, 1)} s is the rest`,
  );
  console.log(
    `  tokens (the fake's count, ~4 characters a token): ${fmt(perItem(main, tokensIn(main)))} in + ${fmt(perItem(main, main.summary.tokens.outputTokens))} out per item batched, ` +
      `${fmt(perItem(base, tokensIn(base)))} + ${fmt(perItem(base, base.summary.tokens.outputTokens))} one per call; list-price estimate for ${defaults.model}: ${costPer1000(main)} vs ${costPer1000(base)} per 1,000 items`,
  );
}

function seconds(ms: number): string {
  return (ms / 1000).toFixed(1);
}
