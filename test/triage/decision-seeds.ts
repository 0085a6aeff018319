// Shared by the triage tests: runs and decisions inserted as the orchestrator
// records them, on flags and relay events made through the real domain functions.
import { randomUUID } from "node:crypto";
import { db } from "@/lib/db";
import { resolveFlag } from "@/lib/flags/resolve-flag";
import { approveAutomatically } from "@/lib/relay/triage-decisions";
import { enqueueHeldEvents } from "@/lib/relay/enqueue-held";
import { TRIAGE_ACTOR } from "@/lib/triage/settings";
import type { Outcome, Pipeline } from "@/lib/triage/verdicts";
import { newAuthor, pluginRequest } from "../relay/support/nostr";

export const MODEL = "claude-haiku-4-5";

export async function insertRun(options: { dryRun?: boolean; startedAt?: Date; counts?: Record<string, number> | null } = {}) {
  return db().triageRun.create({
    data: {
      id: randomUUID(),
      trigger: "cli",
      dryRun: options.dryRun ?? false,
      status: "completed",
      model: MODEL,
      promptVersion: "test-1",
      startedAt: options.startedAt ?? new Date(),
      finishedAt: new Date(),
      counts: options.counts ?? undefined,
      calls: 1,
      inputTokens: 1_000_000,
      outputTokens: 100_000,
    },
  });
}

export type DecisionSeed = { runId: string; pipeline: Pipeline; item: string; outcome: Outcome; dryRun?: boolean; verdict?: string | null; at?: Date };

export async function insertDecision(seed: DecisionSeed) {
  return db().triageDecision.create({
    data: {
      runId: seed.runId,
      pipeline: seed.pipeline,
      item: seed.item,
      dryRun: seed.dryRun ?? false,
      verdict: seed.verdict === undefined ? (seed.pipeline === "flags" ? "FALSE_POSITIVE" : "approve") : seed.verdict,
      confidence: 0.97,
      reason: "looks fine",
      outcome: seed.outcome,
      model: MODEL,
      promptVersion: "test-1",
      inputTokens: 120,
      outputTokens: 30,
      ...(seed.at && { at: seed.at }),
    },
  });
}

/** A flag the triage resolved as noise, as the orchestrator does it: resolveFlag by the triage's actor. */
export async function autoResolve(uri: string, runId: string, outcome: "auto_resolved" | "content_deleted" = "auto_resolved") {
  await resolveFlag({ uri, val: "copyright-violation", reason: outcome === "content_deleted" ? "content_deleted" : "fingerprint_noise" }, TRIAGE_ACTOR);
  return insertDecision({ runId, pipeline: "flags", item: uri, outcome });
}

/** A held event the triage approved: auto_approved, delivery queued. */
export async function autoApprove(runId: string) {
  const event = newAuthor().sign();
  await enqueueHeldEvents([pluginRequest(event)]);
  await approveAutomatically([{ id: event.id, reason: "on topic" }], TRIAGE_ACTOR, async () => {});
  const decision = await insertDecision({ runId, pipeline: "relay", item: event.id, outcome: "auto_approved" });
  return { event, decision };
}
