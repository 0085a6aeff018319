import { z } from "zod";
import { db } from "@/lib/db";
import type { Prisma, ReportSubjectState } from "@/lib/db/generated/client";
import { AppError } from "@/lib/errors";
import { BATCH_ID } from "@/lib/flags/flag-definition";
import { labelInputSchema } from "@/lib/labels/label-input";

/**
 * Report subjects reviewed in the flags' batches (decision 035): the same tables and
 * review page, with a batch `kind` of "reports" and items named `report-subject:<id>`,
 * which no flag's at:// URI can equal. The three decisions keep their stored names:
 * clear = dismiss the subject, defer = decide later, confirm = the batch's act.
 */
export const SUBJECT_ITEM_PREFIX = "report-subject:";
export const subjectItem = (id: number) => `${SUBJECT_ITEM_PREFIX}${id}`;
/** The subject id an item names, or null for anything else (a flag's URI, a typo). */
export function itemSubjectId(uri: string): number | null {
  const match = /^report-subject:([1-9]\d{0,9})$/.exec(uri);
  return match ? Number(match[1]) : null;
}

/** Subjects in one report batch: each one is a decision to read, so fewer than flags. */
export const MAX_SUBJECT_BATCH = 200;

/** What the "act" decision does to a subject, chosen when the batch is made: an inbox action. */
export const batchActSchema = z.discriminatedUnion("action", [
  z.object({ action: z.literal("resolve") }),
  z.object({ action: z.literal("escalate") }),
  // A signed label on the Bluesky subject, which resolves it (as the inbox's label action).
  z.object({ action: z.literal("label"), val: labelInputSchema.shape.val }),
]);
export type BatchAct = z.infer<typeof batchActSchema>;

/** The moderator's words for the act, on the button and in the history. */
export const actLabel = (act: BatchAct) => (act.action === "label" ? `Label ${act.val}` : act.action === "resolve" ? "Resolve" : "Escalate");

/** The state each decision moves a subject to (defer leaves it). */
export const decisionState = (decision: "clear" | "confirm", act: BatchAct): ReportSubjectState =>
  decision === "clear" ? "dismissed" : act.action === "escalate" ? "escalated" : "resolved";

type Client = Prisma.TransactionClient;

/** A reports batch's row, or 404 for an unknown id and 409 for a flags batch (whose routes are /admin/review/{id}). */
export async function reportBatchOrThrow(id: string, client: Client = db()): Promise<{ id: string; act: BatchAct; status: "pending" | "completed" }> {
  const batch = BATCH_ID.test(id) ? await client.reviewBatch.findUnique({ where: { id }, select: { id: true, kind: true, act: true, status: true } }) : null;
  if (!batch) throw new AppError("not_found", "No review batch with this id");
  if (batch.kind !== "reports") throw new AppError("conflict", "This batch reviews flags: use /admin/review/{id}");
  return { id: batch.id, act: batchActSchema.parse(batch.act), status: batch.status };
}
