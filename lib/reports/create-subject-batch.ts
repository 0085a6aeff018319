import { randomBytes } from "node:crypto";
import { z } from "zod";
import { recordAudit } from "@/lib/audit/record-audit";
import { db } from "@/lib/db";
import type { Prisma } from "@/lib/db/generated/client";
import { AppError } from "@/lib/errors";
import { assertLabelValuesDefined } from "@/lib/labels/definitions/assert-label-values";
import { takeBatchLock } from "@/lib/flags/create-batch";
import { reviewPath } from "@/lib/flags/flag-definition";
import { batchLabel, openBatchesOf } from "@/lib/flags/open-batches";
import { actLabel, batchActSchema, MAX_SUBJECT_BATCH, subjectItem, type BatchAct } from "./subject-batches";

const blank = (value: unknown) => (value === null || value === "" ? undefined : value);

/** `POST /api/reports/batches`: the subjects ticked in the inbox (none: the oldest open ones) and what "act" does. */
export const createSubjectBatchBodySchema = z.object({
  ids: z.array(z.number().int().positive()).max(5 * MAX_SUBJECT_BATCH, `must name at most ${5 * MAX_SUBJECT_BATCH} subjects`).optional(),
  name: z.preprocess(blank, z.string().trim().min(1).max(200, "must be at most 200 characters").optional()),
  act: batchActSchema,
});
export type CreateSubjectBatchBody = z.infer<typeof createSubjectBatchBodySchema>;

/**
 * Why a subject given was left out: `unknown` (no such subject), `duplicate`, `closed`
 * (resolved or dismissed: `state` says which), `in_batch` (undecided in an open batch:
 * `batch`, `batch_name`), `not_labelable` (a Nostr subject, for a label act), `batch_full`.
 */
export type SubjectSkip = { id: number; reason: "unknown" | "duplicate" | "closed" | "in_batch" | "not_labelable" | "batch_full"; state?: string; batch?: string; batch_name?: string };
export type CreatedSubjectBatch = { id: string; url: string; subject_count: number; act: BatchAct; skipped: SubjectSkip[] };

type Tx = Prisma.TransactionClient;
type Row = { id: number; state: string; kind: string };

/**
 * Groups open (or escalated) report subjects into a review batch, under the lock the
 * flag batches take, so two batches made at once never both hold a subject. With
 * nothing to batch: 422 naming why each subject given was left out.
 */
export async function createSubjectBatch(body: CreateSubjectBatchBody, actor: string): Promise<CreatedSubjectBatch> {
  // A label nobody defined would fail every "act" later: refused now, as the inbox refuses it.
  if (body.act.action === "label") await assertLabelValuesDefined([{ val: body.act.val }]);
  return db().$transaction(async (tx) => {
    await takeBatchLock(tx);
    const { ids, skipped } = body.ids?.length ? await batchable(tx, body.ids, body.act) : { ids: await oldestOpen(tx, body.act), skipped: [] };
    if (ids.length === 0) {
      const message = body.ids?.length ? `None of the ${body.ids.length} subjects can be batched (${[...new Set(skipped.map((s) => s.reason))].join(", ")})` : "No open report subjects outside open batches to review";
      throw new AppError("unprocessable", message, { skipped });
    }
    const id = randomBytes(16).toString("base64url");
    const name = body.name ?? `${actLabel(body.act)} or dismiss, chosen by ${actor}`;
    await tx.reviewBatch.create({ data: { id, kind: "reports", act: body.act, createdBy: actor, name } });
    await tx.reviewBatchItem.createMany({ data: ids.map((subject, position) => ({ batchId: id, uri: subjectItem(subject), position })) });
    const detail = { kind: "reports" as const, subject_count: ids.length, act: actLabel(body.act), created_by: actor, ...(skipped.length && { skipped: skipped.length }) };
    await recordAudit({ actor, action: "batch.create", subject: `batch:${id}`, detail }, tx);
    return { id, url: reviewPath(id), subject_count: ids.length, act: body.act, skipped };
  });
}

/** The given subjects that can be batched, in the order given, and every other one with why. */
async function batchable(tx: Tx, given: number[], act: BatchAct): Promise<{ ids: number[]; skipped: SubjectSkip[] }> {
  const rows = await tx.reportSubject.findMany({ where: { id: { in: given } }, select: { id: true, state: true, kind: true } });
  const byId = new Map<number, Row>(rows.map((row) => [row.id, row]));
  const open = await openBatchesOf(rows.map((row) => subjectItem(row.id)), tx);
  const ids: number[] = [];
  const skipped: SubjectSkip[] = [];
  const seen = new Set<number>();
  for (const id of given) {
    const row = byId.get(id);
    const inBatch = open.get(subjectItem(id));
    if (seen.has(id)) skipped.push({ id, reason: "duplicate" });
    else if (!row) skipped.push({ id, reason: "unknown" });
    else if (row.state === "resolved" || row.state === "dismissed") skipped.push({ id, reason: "closed", state: row.state });
    else if (inBatch) skipped.push({ id, reason: "in_batch", batch: inBatch.id, batch_name: batchLabel(inBatch) });
    else if (act.action === "label" && !labelable(row)) skipped.push({ id, reason: "not_labelable" });
    else if (ids.length >= MAX_SUBJECT_BATCH) skipped.push({ id, reason: "batch_full" });
    else ids.push(id);
    seen.add(id);
  }
  return { ids, skipped };
}

const labelable = (row: Pick<Row, "kind">) => row.kind === "account" || row.kind === "record";

async function oldestOpen(tx: Tx, act: BatchAct): Promise<number[]> {
  const rows = await tx.$queryRaw<{ id: number }[]>`
    SELECT s.id FROM report_subjects s
    WHERE s.state = 'open' AND (${act.action !== "label"} OR s.kind IN ('account', 'record'))
      AND NOT EXISTS (SELECT 1 FROM review_batch_items i JOIN review_batches b ON b.id = i.batch_id
                      WHERE i.uri = ${SUBJECT_PREFIX_SQL} || s.id::text AND i.decision IS NULL AND b.status = 'pending')
    ORDER BY s.opened_at ASC, s.id ASC LIMIT ${MAX_SUBJECT_BATCH}`;
  return rows.map((row) => row.id);
}

const SUBJECT_PREFIX_SQL = subjectItem(0).slice(0, -1);
