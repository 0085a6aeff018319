import { z } from "zod";
import { recordAudit } from "@/lib/audit/record-audit";
import { AppError } from "@/lib/errors";
import { createLabels } from "@/lib/labels/create-labels";
import { labelInputSchema } from "@/lib/labels/label-input";
import { FLAG_VAL } from "./flag-definition";
import { loadFlags, type Flag } from "./load-flags";

const blank = (value: unknown) => (value === null || value === "" ? undefined : value);

/** `POST /admin/reopen`: a resolved flag back in force, with why. */
export const reopenFlagBodySchema = z.object({
  uri: labelInputSchema.shape.uri,
  val: z.preprocess(blank, labelInputSchema.shape.val.default(FLAG_VAL)),
  reason: z.string().trim().min(1, "must say why the flag is reopened").max(2000, "must be at most 2000 characters"),
});
export type ReopenFlagBody = z.infer<typeof reopenFlagBodySchema>;

export type ReopenedFlag = { uri: string; labels: { seq: number; cid?: string }[]; message: string };

/**
 * Takes back a moderator's resolution: the negation is itself negated, i.e. the flag
 * label is emitted again for each head the latest resolution withdrew, so the flag is
 * pending and in force for every consumer of the label stream. The resolution's
 * reason is kept in the audit entry (actor, reason, what it undid) and cleared from
 * the flag. 404 without such a flag, 409 when it is not resolved (pending, expired,
 * or changed meanwhile). Batch decisions stay as recorded: the audit log says both.
 */
export async function reopenFlag(body: ReopenFlagBody, actor: string): Promise<ReopenedFlag> {
  const { uri, val, reason } = body;
  const before = lastResolved(await loadFlags([uri], val), body);
  const previous = before[0]!.context;
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
        const undid = previous?.resolvedBy
          ? { resolved_by: previous.resolvedBy, resolution_reason: previous.resolutionReason, resolved_at: previous.resolvedAt?.toISOString() ?? null }
          : {};
        await recordAudit({ actor, action: "flag.reopen", subject: uri, detail: { val, reason, ...undid } }, tx);
      },
    },
  );
  return {
    uri,
    labels: labels.map((label) => ({ seq: label.seq, ...(label.cid && { cid: label.cid }) })),
    message: `The ${val} flag is pending again`,
  };
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
