import { z } from "zod";
import { db } from "@/lib/db";
import type { Prisma } from "@/lib/db/generated/client";
import { AppError } from "@/lib/errors";
import { logger } from "@/lib/log";
import { BATCH_ID, FLAG_VAL, MAX_BATCH_ITEMS, reviewDecisions, type ReviewDecision } from "./flag-definition";
import { reportBatchError } from "./get-batch";
import { loadFlags } from "./load-flags";
import { recordResolution } from "./record-resolution";
import { completeBatches, settleOpenItems } from "./settle-batches";
import { submitToBatch } from "./submit-to-batch";
import { recordAudit } from "@/lib/audit/record-audit";

/**
 * plyr.fm's `POST /admin/review/:id/submit` body. Like plyr.fm, a decision value
 * Warden does not know does not sink the others: it is skipped (see SkippedDecision).
 */
export const submitDecisionsBodySchema = z.object({
  decisions: z
    .array(z.object({ uri: z.string().max(8192), decision: z.string().max(64) }))
    .max(MAX_BATCH_ITEMS, `must contain at most ${MAX_BATCH_ITEMS} decisions`),
});
export type SubmitDecisionsBody = z.infer<typeof submitDecisionsBodySchema>;

/** applied: this request decided it; unchanged: the same moderator already had (a resend); conflict: someone else decided first. */
export type DecisionOutcome = "applied" | "unchanged" | "conflict";

export type DecisionResult = {
  uri: string;
  decision: ReviewDecision;
  outcome: DecisionOutcome;
  /** The item's decision after this request: the winner's, for a conflict. */
  decided: { decision: ReviewDecision; by: string; at: string };
};

/**
 * A decision left out, with why: `unknown_decision` (not one of clear, defer,
 * confirm), `not_in_batch`, or `conflicting_decisions` (one URI given two decisions).
 */
export type SkippedDecision = { uri: string; decision: string; reason: "unknown_decision" | "not_in_batch" | "conflicting_decisions" };

export type SubmitResult = {
  resolved_count: number;
  message: string;
  status: "pending" | "completed";
  reviewed: number;
  total: number;
  results: DecisionResult[];
  skipped: SkippedDecision[];
};

type Tx = Prisma.TransactionClient;
type Plan = { results: Omit<DecisionResult, "decided">[]; negations: { uri: string; cid: string }[]; outside: Decision[] };
type Decision = { uri: string; decision: ReviewDecision };

const CLEAR_NOTES = "batch review: cleared";

/**
 * Records a moderator's decisions on a batch. Every item is decided once: the first
 * decision wins, a different moderator's later one comes back as a per-item
 * conflict, and a resend of the same decisions changes nothing. "clear" negates the
 * flag (reason fingerprint_noise) in the same transaction that records the decision,
 * so a label is emitted exactly when an item is first cleared.
 */
export async function submitDecisions(batchId: string, body: SubmitDecisionsBody, actor: string): Promise<SubmitResult> {
  const { decisions, skipped } = sortOut(body.decisions);
  const applied = await submitToBatch(batchId, actor, {
    plan: (client) => plan(client, batchId, decisions, actor),
    labels: ({ negations }) => negations.map(({ uri, cid }) => ({ uri, val: FLAG_VAL, cid: cid || undefined, neg: true })),
    apply: (tx, fresh) => apply(tx, batchId, fresh, actor),
    reason: `review batch ${batchId}: cleared`,
  });
  const all = [...skipped, ...applied.outside.map((d) => ({ ...d, reason: "not_in_batch" as const }))];
  if (all.length) logger.warn({ batch: batchId, actor, skipped: all.slice(0, 50), skippedCount: all.length }, "review submission: decisions skipped");
  return summarise(batchId, applied, body.decisions.length, all);
}

/** Known decisions, one per URI (a repeat of the same one is harmless); the rest skipped. */
export function sortOut(given: SubmitDecisionsBody["decisions"]): { decisions: Decision[]; skipped: SkippedDecision[] } {
  const skipped: SkippedDecision[] = [];
  const byUri = new Map<string, ReviewDecision>();
  const conflicting = new Set<string>();
  for (const { uri, decision } of given) {
    if (!isReviewDecision(decision)) skipped.push({ uri, decision, reason: "unknown_decision" });
    else if (byUri.has(uri) && byUri.get(uri) !== decision) conflicting.add(uri);
    else byUri.set(uri, decision);
  }
  for (const { uri, decision } of given) {
    if (conflicting.has(uri) && isReviewDecision(decision)) skipped.push({ uri, decision, reason: "conflicting_decisions" });
  }
  const decisions = [...byUri].filter(([uri]) => !conflicting.has(uri)).map(([uri, decision]) => ({ uri, decision }));
  return { decisions, skipped };
}

const isReviewDecision = (value: string): value is ReviewDecision => (reviewDecisions as readonly string[]).includes(value);

async function plan(client: Tx, batchId: string, decisions: Decision[], actor: string): Promise<Plan> {
  const batch = BATCH_ID.test(batchId) ? await client.reviewBatch.findUnique({ where: { id: batchId }, select: { id: true, kind: true } }) : null;
  if (!batch) throw new AppError("not_found", "No review batch with this id");
  if (batch.kind !== "flags") throw reportBatchError();
  const items = await client.reviewBatchItem.findMany({ where: { batchId, uri: { in: decisions.map((d) => d.uri) } } });
  const byUri = new Map(items.map((item) => [item.uri, item]));
  const outside = decisions.filter((d) => !byUri.has(d.uri));

  const results = decisions.filter((d) => byUri.has(d.uri)).map(({ uri, decision }) => {
    const item = byUri.get(uri)!;
    const outcome: DecisionOutcome =
      item.decision === null ? "applied" : item.decision === decision && item.decidedBy === actor ? "unchanged" : "conflict";
    return { uri, decision, outcome };
  });
  const clears = results.filter((r) => r.outcome === "applied" && r.decision === "clear").map((r) => r.uri);
  const flags = await loadFlags(clears, FLAG_VAL, client);
  const negations = flags.filter((flag) => flag.status === "pending").map(({ uri, cid }) => ({ uri, cid }));
  return { results, negations, outside };
}

async function apply(tx: Tx, batchId: string, plan: Plan, actor: string): Promise<void> {
  const at = new Date();
  const applied = plan.results.filter((r) => r.outcome === "applied");
  for (const decision of reviewDecisions) {
    const uris = applied.filter((r) => r.decision === decision).map((r) => r.uri);
    if (uris.length === 0) continue;
    await tx.reviewBatchItem.updateMany({
      where: { batchId, uri: { in: uris }, decision: null },
      data: { decision, decidedBy: actor, decidedAt: at },
    });
  }
  const negated = [...new Set(plan.negations.map((n) => n.uri))];
  await recordResolution(tx, negated, { reason: "fingerprint_noise", notes: CLEAR_NOTES, actor, at });
  // A cleared flag is settled in the other batches that hold it too.
  const others = await settleOpenItems(tx, negated, actor, at);
  await recordAudit(applied.map(({ uri, decision }) => ({ actor, action: "flag.decide" as const, subject: uri, detail: { batch: batchId, decision } })), tx);
  await completeBatches(tx, [batchId, ...others], actor, at);
}

async function summarise(batchId: string, plan: Plan, count: number, skipped: SkippedDecision[]): Promise<SubmitResult> {
  const [batch, items] = await Promise.all([
    db().reviewBatch.findUniqueOrThrow({ where: { id: batchId }, select: { status: true } }),
    db().reviewBatchItem.findMany({ where: { batchId }, select: { uri: true, decision: true, decidedBy: true, decidedAt: true } }),
  ]);
  const byUri = new Map(items.map((item) => [item.uri, item]));
  const resolved = new Set(plan.negations.map((n) => n.uri)).size;
  const conflicts = plan.results.filter((r) => r.outcome === "conflict").length;
  return {
    resolved_count: resolved,
    message:
      `processed ${count} decisions, resolved ${resolved} flags` +
      (conflicts ? `, ${conflicts} already decided by someone else` : "") +
      (skipped.length ? `, skipped ${skipped.length}` : ""),
    status: batch.status,
    reviewed: items.filter((item) => item.decision !== null).length,
    total: items.length,
    results: plan.results.map((result) => {
      const item = byUri.get(result.uri)!;
      return { ...result, decided: { decision: item.decision!, by: item.decidedBy!, at: item.decidedAt!.toISOString() } };
    }),
    skipped,
  };
}
