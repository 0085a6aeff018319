import { randomUUID } from "node:crypto";
import type Anthropic from "@anthropic-ai/sdk";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { logger } from "@/lib/log";
import { CircuitBreaker, usualClearingRates } from "./circuit-breaker";
import { claimItems, refreshClaimStatistics, releaseItems, releaseRun } from "./claim-items";
import { flagsPipeline } from "./flags-pipeline";
import { classifyBatch } from "./model/classify-batch";
import { createModelClient } from "./model/client";
import { PROMPT_VERSION } from "./model/prompts";
import { routeToHumans, type HumanRouting } from "./route-to-humans";
import type { RunContext, TriagePipeline } from "./pipeline";
import { decisionRow, type DecisionInput, type ItemTokens } from "./record-decision";
import { relayPipeline } from "./relay-pipeline";
import { reportsPipeline } from "./reports-pipeline";
import { triageDisabledReason, triageSettings, type TriageSettings } from "./settings";
import { outcomes, pipelines as allPipelines, type Outcome, type Pipeline, type TokenUsage } from "./verdicts";

export const triggers = ["cron", "interval", "cli", "dashboard"] as const;
export type Trigger = (typeof triggers)[number];

export type RunOptions = {
  trigger: Trigger;
  dryRun?: boolean;
  only?: Pipeline;
  /** Items per pipeline (default TRIAGE_MAX_ITEMS). */
  limit?: number;
  /** Where review links in the DM point (PUBLIC_URL, or the origin the cron reached). */
  baseUrl?: string | null;
  settings?: Partial<TriageSettings>;
  /** A model client (tests, benchmark); by default one from ANTHROPIC_*. */
  client?: Anthropic;
  onProgress?: (progress: RunProgress) => void;
  /** Aborting stops the run early: no new work, calls in flight cancelled (shutdown). */
  signal?: AbortSignal;
};

export type RunProgress = { pipeline: Pipeline; done: number; counts: Record<Outcome, number> };

export type RunSummary = {
  id: string;
  trigger: Trigger;
  dryRun: boolean;
  status: "completed" | "stopped";
  stopReason: string | null;
  items: number;
  counts: Record<Outcome, number>;
  calls: number;
  tokens: TokenUsage;
  humans: HumanRouting;
  durationMs: number;
};

/** In-flight calls get this long past the budget before they are aborted. */
const ABORT_GRACE_MS = 5_000;

/**
 * One triage pass over the queues. Workers (TRIAGE_CONCURRENCY of them) take a
 * call's worth of items at a time under a lease, ask the model, and act on each
 * verdict in the transaction that records it; no new work starts after the budget.
 * Then the items for humans go into one review batch and the moderators are told.
 */
export async function runTriage(options: RunOptions): Promise<RunSummary> {
  const client = options.client ?? createModelClient();
  if (!client) throw new AppError("unavailable", triageDisabledReason() ?? "triage is disabled");
  const settings = triageSettings(options.settings);
  const dryRun = options.dryRun ?? false;
  // A run ends its calls by budget + grace; twice the budget is ample for its last
  // writes, and short enough that a crashed run's items come back soon.
  const leaseMs = 2 * settings.budgetMs + ABORT_GRACE_MS;
  await closeAbandonedRuns(leaseMs);
  await refreshClaimStatistics();

  const run: RunContext = {
    runId: randomUUID(),
    dryRun,
    model: settings.model,
    promptVersion: PROMPT_VERSION,
    settings,
    breaker: new CircuitBreaker(settings.maxAutoActions, await usualClearingRates()),
  };
  const started = Date.now();
  await db().triageRun.create({
    data: { id: run.runId, trigger: options.trigger, dryRun, model: run.model, promptVersion: run.promptVersion },
  });
  logger.info({ runId: run.runId, trigger: options.trigger, dryRun }, "triage run started");

  const work = new RunWork(run, client, options, leaseMs, started + settings.budgetMs);
  try {
    await work.execute();
    const humans = dryRun ? { batch: null, notified: [], failed: [] } : await routeToHumans(options.baseUrl ?? null, work.counts);
    const stopReason = run.breaker.tripped ?? (work.outOfTime ? "time budget reached; the next run resumes" : null);
    const summary: RunSummary = {
      id: run.runId,
      trigger: options.trigger,
      dryRun,
      status: stopReason ? "stopped" : "completed",
      stopReason,
      items: work.items,
      counts: work.counts,
      calls: work.calls,
      tokens: work.usage,
      humans,
      durationMs: Date.now() - started,
    };
    await db().triageRun.update({
      where: { id: run.runId },
      data: {
        status: summary.status,
        stopReason,
        finishedAt: new Date(),
        counts: work.counts,
        calls: work.calls,
        ...work.usage,
        batchId: humans.batch?.id ?? null,
        notified: humans.notified.length,
      },
    });
    logger.info({ runId: run.runId, status: summary.status, counts: work.counts, calls: work.calls }, "triage run finished");
    return summary;
  } catch (error) {
    logger.error({ err: error, runId: run.runId }, "triage run failed");
    await db().triageRun.update({
      where: { id: run.runId },
      data: { status: "failed", finishedAt: new Date(), counts: work.counts, error: error instanceof Error ? error.message : String(error) },
    });
    throw error;
  } finally {
    work.stop();
    await releaseRun(run.runId);
  }
}

const pipelines: Record<Pipeline, TriagePipeline> = { flags: flagsPipeline, relay: relayPipeline, reports: reportsPipeline };

/** The mutable state of one run's work loop. */
class RunWork {
  counts = Object.fromEntries(outcomes.map((outcome) => [outcome, 0])) as Record<Outcome, number>;
  usage: TokenUsage = { inputTokens: 0, outputTokens: 0, cacheReadTokens: 0, cacheWriteTokens: 0 };
  calls = 0;
  items = 0;
  outOfTime = false;
  private readonly order: Pipeline[];
  private readonly taken: Record<Pipeline, number> = { flags: 0, relay: 0, reports: 0 };
  private readonly done: Record<Pipeline, number> = { flags: 0, relay: 0, reports: 0 };
  private readonly seen: Record<Pipeline, string[]> = { flags: [], relay: [], reports: [] };
  private claiming: Promise<unknown> = Promise.resolve();
  private readonly abort = new AbortController();
  private readonly abortTimer: NodeJS.Timeout;

  constructor(
    private readonly run: RunContext,
    private readonly client: Anthropic,
    private readonly options: RunOptions,
    private readonly leaseMs: number,
    private readonly deadline: number,
  ) {
    this.order = options.only ? [options.only] : [...allPipelines];
    this.abortTimer = setTimeout(() => this.abort.abort(new Error("triage run budget exceeded")), deadline - Date.now() + ABORT_GRACE_MS);
    options.signal?.addEventListener("abort", () => this.abort.abort(options.signal!.reason), { once: true });
  }

  async execute(): Promise<void> {
    await Promise.all(Array.from({ length: this.run.settings.concurrency }, () => this.worker()));
  }

  stop(): void {
    clearTimeout(this.abortTimer);
  }

  private async worker(): Promise<void> {
    for (;;) {
      if (this.run.breaker.tripped) return;
      if (Date.now() >= this.deadline || this.abort.signal.aborted) {
        this.outOfTime = true;
        return;
      }
      const chunk = await this.next();
      if (!chunk) return;
      await this.process(chunk.pipeline, chunk.items);
    }
  }

  /** The next call's worth of items, claimed one worker at a time. */
  private next(): Promise<{ pipeline: Pipeline; items: string[] } | null> {
    const claimed = this.claiming.then(async () => {
      const limit = this.options.limit ?? this.run.settings.maxItems;
      for (const pipeline of this.order) {
        const want = Math.min(this.run.settings.itemsPerCall, limit - this.taken[pipeline]);
        if (want <= 0) continue;
        const items = await claimItems(pipeline, {
          runId: this.run.runId,
          dryRun: this.run.dryRun,
          limit: want,
          leaseMs: this.leaseMs,
          exclude: this.seen[pipeline],
        });
        if (items.length === 0) {
          this.taken[pipeline] = limit; // exhausted for this run
          continue;
        }
        this.taken[pipeline] += items.length;
        this.seen[pipeline].push(...items);
        return { pipeline, items };
      }
      return null;
    });
    this.claiming = claimed.catch(() => undefined);
    return claimed;
  }

  private async process(name: Pipeline, items: string[]): Promise<void> {
    const pipeline = pipelines[name];
    try {
      const { toModel, settled } = await pipeline.load(this.run, items);
      const decided: DecisionInput[] = [...settled];
      if (toModel.length > 0) decided.push(...(await this.classify(pipeline, toModel)));
      const unrecorded = decided.filter((decision) => !decision.recorded).map((decision) => decisionRow(this.run, decision));
      if (unrecorded.length > 0) await db().triageDecision.createMany({ data: unrecorded });
      for (const decision of decided) this.counts[decision.outcome] += 1;
      this.items += decided.length;
      this.done[name] += items.length;
      this.options.onProgress?.({ pipeline: name, done: this.done[name], counts: this.counts });
    } finally {
      if (!this.run.dryRun) await releaseItems(this.run.runId, name, items);
    }
  }

  /** One model call for these items, then each verdict applied. A failed call leaves them all pending. */
  private async classify(pipeline: TriagePipeline, loaded: { item: string; data: Record<string, unknown> }[]): Promise<DecisionInput[]> {
    const items = loaded.map((entry, index) => ({ id: String(index + 1), data: entry.data }));
    let answer;
    try {
      this.calls += 1;
      answer = await classifyBatch({ client: this.client, model: this.run.model, pipeline: pipeline.pipeline, items, signal: this.abort.signal });
    } catch (error) {
      // Aborted at the budget's end: not the items' fault, so no attempt is recorded.
      if (this.abort.signal.aborted) return [];
      const message = `model call failed: ${error instanceof Error ? error.message : String(error)}`.slice(0, 500);
      logger.warn({ err: error, runId: this.run.runId, pipeline: pipeline.pipeline }, "triage model call failed");
      return loaded.map(({ item }) => ({
        pipeline: pipeline.pipeline, item, outcome: "left_pending" as const, answer: { error: message }, tokens: { inputTokens: 0, outputTokens: 0 },
      }));
    }
    for (const key of Object.keys(this.usage) as (keyof TokenUsage)[]) this.usage[key] += answer.usage[key];
    const shares = splitTokens(answer.usage, loaded.length);
    return pipeline.apply(
      this.run,
      loaded.map(({ item }, index) => ({ item, answer: answer.results[String(index + 1)] ?? { error: "no verdict" }, tokens: shares[index]! })),
    );
  }
}

/** A call's tokens shared out over its items (the remainder to the first ones). */
function splitTokens(usage: TokenUsage, count: number): ItemTokens[] {
  const input = usage.inputTokens + usage.cacheReadTokens + usage.cacheWriteTokens;
  return Array.from({ length: count }, (_, index) => ({
    inputTokens: Math.floor(input / count) + (index < input % count ? 1 : 0),
    outputTokens: Math.floor(usage.outputTokens / count) + (index < usage.outputTokens % count ? 1 : 0),
  }));
}

/** Runs whose process died: closed so the dashboard does not show them running forever. */
async function closeAbandonedRuns(olderThanMs: number): Promise<void> {
  await db().triageRun.updateMany({
    where: { status: "running", startedAt: { lt: new Date(Date.now() - olderThanMs) } },
    data: { status: "abandoned", finishedAt: new Date(), stopReason: "the process stopped before the run finished" },
  });
}
