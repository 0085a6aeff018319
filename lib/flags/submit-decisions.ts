import { z } from "zod";
import { db } from "@/lib/db";
import type { Prisma } from "@/lib/db/generated/client";
import { AppError } from "@/lib/errors";
import { createLabels } from "@/lib/labels/create-labels";
import { BATCH_ID, FLAG_VAL, MAX_BATCH_ITEMS, reviewDecisions, type ReviewDecision } from "./flag-definition";
import { loadFlags } from "./load-flags";
import { recordResolution } from "./record-resolution";
import { completeBatches, lockBatches, settleOpenItems } from "./settle-batches";

const decisionSchema = z.object({
  uri: z.string().min(1).max(8192),
  decision: z.enum(reviewDecisions, { error: `must be one of ${reviewDecisions.join(", ")}` }),
});

/** plyr.fm's `POST /admin/review/:id/submit` body. A URI given twice must carry one decision. */
export const submitDecisionsBodySchema = z.object({
  decisions: z
    .array(decisionSchema)
    .min(1, "must contain at least one decision")
    .max(MAX_BATCH_ITEMS, `must contain at most ${MAX_BATCH_ITEMS} decisions`)
    .superRefine((decisions, ctx) => {
      const seen = new Map<string, string>();
      for (const { uri, decision } of decisions) {
        if (seen.has(uri) && seen.get(uri) !== decision) ctx.addIssue({ code: "custom", message: `${uri} is given two decisions` });
        seen.set(uri, decision);
      }
    }),
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

export type SubmitResult = {
  resolved_count: number;
  message: string;
  status: "pending" | "completed";
  reviewed: number;
  total: number;
  results: DecisionResult[];
};

type Tx = Prisma.TransactionClient;
type Plan = { results: Omit<DecisionResult, "decided">[]; negations: { uri: string; cid: string }[] };

const CLEAR_NOTES = "batch review: cleared";

/**
 * Records a moderator's decisions on a batch. Every item is decided once: the first
 * decision wins, a different moderator's later one comes back as a per-item
 * conflict, and a resend of the same decisions changes nothing. "clear" negates the
 * flag (reason fingerprint_noise) in the same transaction that records the decision,
 * so a label is emitted exactly when an item is first cleared.
 */
export async function submitDecisions(batchId: string, body: SubmitDecisionsBody, actor: string): Promise<SubmitResult> {
  const decisions = [...new Map(body.decisions.map((d) => [d.uri, d.decision])).entries()].map(([uri, decision]) => ({ uri, decision }));
  for (let attempt = 1; ; attempt++) {
    const planned = await plan(db(), batchId, decisions, actor);
    let applied: Plan | undefined;
    const write = async (tx: Tx) => {
      await lockBatches(tx, [batchId]);
      const fresh = await plan(tx, batchId, decisions, actor);
      // The negations were signed before this transaction; retry if they no longer fit.
      if (negationKey(fresh) !== negationKey(planned)) throw new PlanChanged();
      await apply(tx, batchId, fresh, actor);
      applied = fresh;
    };
    try {
      const negations = planned.negations.map(({ uri, cid }) => ({ uri, val: FLAG_VAL, cid: cid || undefined, neg: true }));
      if (negations.length) await createLabels(negations, actor, `review batch ${batchId}: cleared`, { check: write });
      else await db().$transaction(write);
    } catch (error) {
      if (error instanceof PlanChanged && attempt < 3) continue;
      if (error instanceof PlanChanged) throw new AppError("conflict", "The batch kept changing during the submission; try again");
      throw error;
    }
    return summarise(batchId, applied!, decisions.length);
  }
}

class PlanChanged extends Error {}

async function plan(client: Tx, batchId: string, decisions: { uri: string; decision: ReviewDecision }[], actor: string): Promise<Plan> {
  const batch = BATCH_ID.test(batchId) ? await client.reviewBatch.findUnique({ where: { id: batchId }, select: { id: true } }) : null;
  if (!batch) throw new AppError("not_found", "No review batch with this id");
  const items = await client.reviewBatchItem.findMany({ where: { batchId, uri: { in: decisions.map((d) => d.uri) } } });
  const byUri = new Map(items.map((item) => [item.uri, item]));
  const outside = decisions.filter((d) => !byUri.has(d.uri)).map((d) => d.uri);
  if (outside.length) throw new AppError("invalid_request", `Not in this batch: ${outside.slice(0, 5).join(", ")}`, { uris: outside });

  const results = decisions.map(({ uri, decision }) => {
    const item = byUri.get(uri)!;
    const outcome: DecisionOutcome =
      item.decision === null ? "applied" : item.decision === decision && item.decidedBy === actor ? "unchanged" : "conflict";
    return { uri, decision, outcome };
  });
  const clears = results.filter((r) => r.outcome === "applied" && r.decision === "clear").map((r) => r.uri);
  const flags = await loadFlags(clears, FLAG_VAL, client);
  const negations = flags.filter((flag) => flag.status === "pending").map(({ uri, cid }) => ({ uri, cid }));
  return { results, negations };
}

const negationKey = (plan: Plan) => plan.negations.map(({ uri, cid }) => `${uri} ${cid}`).sort().join("\n");

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
  await tx.auditEntry.createMany({
    data: applied.map(({ uri, decision }) => ({ actor, action: "flag.decide", subject: uri, detail: { batch: batchId, decision } })),
  });
  await completeBatches(tx, [batchId, ...others], actor, at);
}

async function summarise(batchId: string, plan: Plan, count: number): Promise<SubmitResult> {
  const [batch, items] = await Promise.all([
    db().reviewBatch.findUniqueOrThrow({ where: { id: batchId }, select: { status: true } }),
    db().reviewBatchItem.findMany({ where: { batchId }, select: { uri: true, decision: true, decidedBy: true, decidedAt: true } }),
  ]);
  const byUri = new Map(items.map((item) => [item.uri, item]));
  const resolved = new Set(plan.negations.map((n) => n.uri)).size;
  const conflicts = plan.results.filter((r) => r.outcome === "conflict").length;
  return {
    resolved_count: resolved,
    message: `processed ${count} decisions, resolved ${resolved} flags${conflicts ? `, ${conflicts} already decided by someone else` : ""}`,
    status: batch.status,
    reviewed: items.filter((item) => item.decision !== null).length,
    total: items.length,
    results: plan.results.map((result) => {
      const item = byUri.get(result.uri)!;
      return { ...result, decided: { decision: item.decision!, by: item.decidedBy!, at: item.decidedAt!.toISOString() } };
    }),
  };
}
