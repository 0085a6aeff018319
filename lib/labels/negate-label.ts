import { z } from "zod";
import type { Prisma } from "@/lib/db/generated/client";
import { AppError } from "@/lib/errors";
import { createLabels } from "./create-labels";
import type { StoredLabel } from "./label-codec";
import { labelInputSchema } from "./label-input";
import { labelerDid } from "./labeler-identity";

export const negateLabelBodySchema = z.object({
  uri: labelInputSchema.shape.uri,
  val: labelInputSchema.shape.val,
  cid: labelInputSchema.shape.cid,
  reason: z.string({ error: "a reason is required" }).trim().min(1, "a reason is required").max(2000, "must be at most 2000 characters"),
});

export type NegateLabelBody = z.infer<typeof negateLabelBodySchema>;

/**
 * Withdraws one of this labeler's labels that is in force: 404 when there is no such
 * label, 409 when it is already negated or expired. The check runs under the label
 * write lock, so two moderators negating at once produce one negation.
 */
export async function negateLabel({ uri, val, cid, reason }: NegateLabelBody, actor: string): Promise<StoredLabel> {
  const key = { src: labelerDid(), uri, cid: cid ?? "", val };
  const [negation] = await createLabels([{ uri, val, cid, neg: true }], actor, reason, {
    check: (tx) => assertInForce(tx, key),
  });
  return negation!;
}

async function assertInForce(tx: Prisma.TransactionClient, key: { src: string; uri: string; cid: string; val: string }) {
  const name = `${key.val} on ${key.uri}${key.cid ? ` (cid ${key.cid})` : ""}`;
  const head = await tx.labelHead.findUnique({ where: { src_uri_cid_val: key } });
  const current = head && (await tx.label.findUnique({ where: { seq: head.seq }, select: { neg: true, exp: true } }));
  if (!current) throw new AppError("not_found", `No label ${name}`);
  if (current.neg) throw new AppError("conflict", `The label ${name} is already negated`);
  if (current.exp && current.exp <= new Date()) {
    throw new AppError("conflict", `The label ${name} expired at ${current.exp.toISOString()}`);
  }
}
