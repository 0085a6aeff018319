import { randomBytes } from "node:crypto";
import { z } from "zod";
import { db } from "@/lib/db";
import type { Prisma } from "@/lib/db/generated/client";
import { AppError } from "@/lib/errors";
import { labelerDid } from "@/lib/labels/labeler-identity";
import { FLAG_VAL, MAX_BATCH_ITEMS, reviewPath } from "./flag-definition";
import { loadFlags } from "./load-flags";

const blank = (value: unknown) => (value === null || value === "" ? undefined : value);

/** plyr.fm's `POST /admin/batches`: no (or empty) `uris` means every pending flag. */
export const createBatchBodySchema = z.object({
  uris: z.preprocess(
    blank,
    z.array(z.string().min(1).max(8192)).max(MAX_BATCH_ITEMS, `must contain at most ${MAX_BATCH_ITEMS} URIs`).optional(),
  ),
  created_by: z.preprocess(blank, z.string().trim().min(1).max(200, "must be at most 200 characters").optional()),
});
export type CreateBatchBody = z.infer<typeof createBatchBodySchema>;

export type CreatedBatch = { id: string; url: string; flag_count: number };

/**
 * Groups pending flags into a review batch with an unguessable id. Explicit URIs
 * must all be pending flags (400 with the list of those that are not); without
 * any, the oldest pending flags are taken, up to MAX_BATCH_ITEMS.
 */
export async function createBatch(body: CreateBatchBody, actor: string): Promise<CreatedBatch> {
  const uris = body.uris?.length ? await explicitFlags([...new Set(body.uris)]) : await oldestPendingFlags();
  if (uris.length === 0) throw new AppError("invalid_request", "No pending flags to review");

  return db().$transaction((tx) => insertBatch(tx, uris, body.created_by ?? actor, actor));
}

/** Writes a batch of these flags (already checked) inside the caller's transaction. */
export async function insertBatch(tx: Prisma.TransactionClient, uris: string[], createdBy: string, actor: string): Promise<CreatedBatch> {
  const id = randomBytes(16).toString("base64url");
  await tx.reviewBatch.create({ data: { id, createdBy } });
  await tx.reviewBatchItem.createMany({ data: uris.map((uri, position) => ({ batchId: id, uri, position })) });
  await tx.auditEntry.create({
    data: { actor, action: "batch.create", subject: `batch:${id}`, detail: { flag_count: uris.length, created_by: createdBy } },
  });
  return { id, url: reviewPath(id), flag_count: uris.length };
}

async function explicitFlags(uris: string[]): Promise<string[]> {
  const pending = new Set((await loadFlags(uris)).filter((flag) => flag.status === "pending").map((flag) => flag.uri));
  const rejected = uris.filter((uri) => !pending.has(uri));
  if (rejected.length) {
    const shown = rejected.slice(0, 5).join(", ") + (rejected.length > 5 ? ` and ${rejected.length - 5} more` : "");
    throw new AppError("invalid_request", `Not pending ${FLAG_VAL} flags: ${shown}`, { uris: rejected });
  }
  return uris;
}

async function oldestPendingFlags(): Promise<string[]> {
  const rows = await db().$queryRaw<{ uri: string }[]>`
    SELECT h.uri FROM label_heads h JOIN labels l ON l.seq = h.seq
    WHERE h.src = ${labelerDid()} AND h.val = ${FLAG_VAL} AND NOT l.neg AND (l.exp IS NULL OR l.exp > ${new Date()})
    ORDER BY h.seq ASC LIMIT ${MAX_BATCH_ITEMS}`;
  return [...new Set(rows.map((row) => row.uri))];
}
