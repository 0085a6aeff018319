import { z } from "zod";
import { recordAudit } from "@/lib/audit/record-audit";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { BATCH_ID, FLAG_VAL, MAX_BATCH_ITEMS, reviewDecisions, type ReviewDecision } from "./flag-definition";
import { reportBatchError } from "./get-batch";
import { loadFlags } from "./load-flags";
import { reopenFlag } from "./reopen-flag";
import { lockBatches, reopenBatches } from "./settle-batches";

/** `POST /admin/review/:id/undo`: the decisions to take back, as they were submitted. */
export const undoDecisionsBodySchema = z.object({
  decisions: z
    .array(z.object({ uri: z.string().min(1).max(8192), decision: z.enum(reviewDecisions, { error: `decision must be one of ${reviewDecisions.join(", ")}` }) }))
    .min(1, "must contain at least one decision")
    .max(MAX_BATCH_ITEMS, `must contain at most ${MAX_BATCH_ITEMS} decisions`),
  reason: z.string().trim().min(1).max(2000).default("undo right after submitting"),
});
export type UndoDecisionsBody = z.infer<typeof undoDecisionsBodySchema>;

/**
 * undone: the item is undecided again (a clear's flag back in force); changed: the item
 * no longer holds this moderator's decision (someone undid or it was never theirs);
 * not_in_batch: no such item. `reopened`: the undone clear had resolved the flag, which
 * is pending again.
 */
export type UndoOutcome = { uri: string; outcome: "undone" | "changed" | "not_in_batch"; reopened?: true };

/**
 * Takes back a moderator's own decisions on a batch. A clear that resolved the flag is
 * undone by reopening it (lib/flags/reopen-flag.ts: the flag label emitted again, the
 * items it settled undecided, audited as flag.reopen); any other decision just returns
 * the item to undecided, audited as flag.undecide. A completed batch is open again.
 */
export async function undoDecisions(batchId: string, body: UndoDecisionsBody, actor: string): Promise<{ results: UndoOutcome[]; message: string }> {
  const batch = BATCH_ID.test(batchId) ? await db().reviewBatch.findUnique({ where: { id: batchId }, select: { id: true, kind: true } }) : null;
  if (!batch) throw new AppError("not_found", "No review batch with this id");
  if (batch.kind !== "flags") throw reportBatchError();
  const results: UndoOutcome[] = [];
  for (const decision of body.decisions) {
    const outcome = await undoOne(batchId, decision, actor, body.reason);
    results.push({ uri: decision.uri, ...(outcome === "reopened" ? { outcome: "undone", reopened: true } : { outcome }) });
  }
  const undone = results.filter((r) => r.outcome === "undone").length;
  const changed = results.length - undone;
  return { results, message: `undid ${undone} decision${undone === 1 ? "" : "s"}` + (changed ? `, ${changed} no longer yours to undo` : "") };
}

async function undoOne(batchId: string, { uri, decision }: { uri: string; decision: ReviewDecision }, actor: string, reason: string): Promise<UndoOutcome["outcome"] | "reopened"> {
  const item = await db().reviewBatchItem.findUnique({ where: { batchId_uri: { batchId, uri } } });
  if (!item) return "not_in_batch";
  if (item.decision !== decision || item.decidedBy !== actor || !item.decidedAt) return "changed";
  if (decision === "clear" && (await clearedTheFlag(uri, actor, item.decidedAt))) {
    try {
      await reopenFlag({ uri, val: FLAG_VAL, reason: `${reason} (batch ${batchId})` }, actor);
      return "reopened";
    } catch (error) {
      // Reopened or resolved again by someone meanwhile: not this undo's to change.
      if (error instanceof AppError && error.code === "conflict") return "changed";
      throw error;
    }
  }
  return db().$transaction(async (tx): Promise<"undone" | "changed"> => {
    await lockBatches(tx, [batchId]);
    const { count } = await tx.reviewBatchItem.updateMany({
      where: { batchId, uri, decision, decidedBy: actor, decidedAt: item.decidedAt },
      data: { decision: null, decidedBy: null, decidedAt: null },
    });
    if (count === 0) return "changed";
    await recordAudit({ actor, action: "flag.undecide", subject: uri, detail: { batch: batchId, decision, reason } }, tx);
    await reopenBatches(tx, [batchId], actor);
    return "undone";
  });
}

/** Whether this clear is what resolved the flag: the resolution is the moderator's, at the decision's moment. */
async function clearedTheFlag(uri: string, actor: string, at: Date): Promise<boolean> {
  const flags = await loadFlags([uri], FLAG_VAL);
  return flags.some((flag) => flag.status === "resolved" && flag.context?.resolvedBy === actor && flag.context.resolvedAt?.getTime() === at.getTime());
}
