import { z } from "zod";
import { recordAudit } from "@/lib/audit/record-audit";
import type { Prisma } from "@/lib/db/generated/client";
import { AppError } from "@/lib/errors";
import { createLabels } from "@/lib/labels/create-labels";
import { labelInputSchema } from "@/lib/labels/label-input";
import { FLAG_VAL } from "./flag-definition";
import { loadFlags, type Flag, type FlagContext } from "./load-flags";
import { lockBatches, reopenBatches } from "./settle-batches";

const blank = (value: unknown) => (value === null || value === "" ? undefined : value);

/** `POST /admin/reopen`: a resolved flag back in force, with why. */
export const reopenFlagBodySchema = z.object({
  uri: labelInputSchema.shape.uri,
  val: z.preprocess(blank, labelInputSchema.shape.val.default(FLAG_VAL)),
  reason: z.string().trim().min(1, "must say why the flag is reopened").max(2000, "must be at most 2000 characters"),
});
export type ReopenFlagBody = z.infer<typeof reopenFlagBodySchema>;

export type ReopenedFlag = { uri: string; labels: { seq: number; cid?: string }[]; batches: string[]; message: string };

/**
 * Takes back a moderator's resolution: the negation is itself negated, i.e. the flag
 * label is emitted again for each head the latest resolution withdrew, so the flag is
 * pending and in force for every consumer of the label stream. The resolution's
 * reason is kept in the audit entry (actor, reason, what it undid) and cleared from
 * the flag. The batch items that resolution settled (a review Clear, or the items a
 * Resolve closed in other batches) are undecided again, their batches open
 * (docs/decisions/028-undo-reopens-batch-items.md). 404 without such a flag, 409 when
 * it is not resolved (pending, expired, or changed meanwhile).
 */
export async function reopenFlag(body: ReopenFlagBody, actor: string): Promise<ReopenedFlag> {
  const { uri, val, reason } = body;
  const before = lastResolved(await loadFlags([uri], val), body);
  const previous = before[0]!.context;
  let batches: string[] = [];
  const labels = await createLabels(
    before.map((flag) => ({ uri, val, cid: flag.cid || undefined })),
    actor,
    `reopen: ${reason}`,
    {
      // Under the label write lock: of two reopens (or a reopen and a new flag) one wins.
      async check(tx) {
        const now = lastResolved(await loadFlags([uri], val, tx), body);
        if (keys(now) !== keys(before)) throw new AppError("conflict", "The flag changed while reopening; reload and try again");
        await tx.subjectContext.updateMany({ where: { uri }, data: { resolutionReason: null, resolutionNotes: null, resolvedBy: null, resolvedAt: null } });
        batches = val === FLAG_VAL ? await unsettle(tx, uri, previous, actor) : [];
        const undid = previous?.resolvedBy
          ? { resolved_by: previous.resolvedBy, resolution_reason: previous.resolutionReason, resolved_at: previous.resolvedAt?.toISOString() ?? null }
          : {};
        await recordAudit({ actor, action: "flag.reopen", subject: uri, detail: { val, reason, ...undid, ...(batches.length && { batches }) } }, tx);
      },
    },
  );
  return {
    uri,
    labels: labels.map((label) => ({ seq: label.seq, ...(label.cid && { cid: label.cid }) })),
    batches,
    message: `The ${val} flag is pending again`,
  };
}

/**
 * The items the resolution itself decided (cleared by its moderator at its very
 * moment: recordResolution and the item share one timestamp) go back to undecided.
 */
async function unsettle(tx: Prisma.TransactionClient, uri: string, resolution: FlagContext | null, actor: string): Promise<string[]> {
  if (!resolution?.resolvedBy || !resolution.resolvedAt) return [];
  const settled = { uri, decision: "clear" as const, decidedBy: resolution.resolvedBy, decidedAt: resolution.resolvedAt };
  const items = await tx.reviewBatchItem.findMany({ where: settled, select: { batchId: true } });
  const batchIds = items.map((item) => item.batchId);
  await lockBatches(tx, batchIds);
  await tx.reviewBatchItem.updateMany({ where: { ...settled, batchId: { in: batchIds } }, data: { decision: null, decidedBy: null, decidedAt: null } });
  await reopenBatches(tx, batchIds, actor);
  return batchIds;
}

/** The heads the latest resolution negated (an earlier, separate clearing stays); throws when none is resolved. */
function lastResolved(flags: Flag[], { val }: ReopenFlagBody): Flag[] {
  if (flags.length === 0) throw new AppError("not_found", `No ${val} flag on this subject`);
  const resolved = flags.filter((flag) => flag.status === "resolved");
  if (resolved.length === 0) {
    const why = flags.some((flag) => flag.status === "pending") ? "it is pending already" : "it has expired";
    throw new AppError("conflict", `The ${val} flag is not resolved (${why}); nothing to reopen`);
  }
  const latest = Math.max(...resolved.map((flag) => flag.headAt.getTime()));
  return resolved.filter((flag) => flag.headAt.getTime() === latest);
}

const keys = (flags: Flag[]) => flags.map((flag) => `${flag.cid}@${flag.headSeq}`).sort().join(" ");
