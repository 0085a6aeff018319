import { randomBytes } from "node:crypto";
import { z } from "zod";
import { db } from "@/lib/db";
import type { Prisma } from "@/lib/db/generated/client";
import { AppError } from "@/lib/errors";
import { labelerDid } from "@/lib/labels/labeler-identity";
import { logger } from "@/lib/log";
import { FLAG_VAL, MAX_BATCH_ITEMS, reviewPath } from "./flag-definition";
import { latestPerUri, loadFlags } from "./load-flags";
import { batchLabel, openBatchesOf } from "./open-batches";
import { recordAudit } from "@/lib/audit/record-audit";

/** URIs one request may name; at most MAX_BATCH_ITEMS of them go in the batch. */
export const MAX_BATCH_URIS_GIVEN = 10 * MAX_BATCH_ITEMS;

const blank = (value: unknown) => (value === null || value === "" ? undefined : value);

/**
 * plyr.fm's `POST /admin/batches`: no (or empty) `uris` means every pending flag. Any
 * string is accepted as a URI: one an LLM got slightly wrong is skipped, not a 400.
 */
export const createBatchBodySchema = z.object({
  uris: z.preprocess(
    blank,
    z.array(z.string().max(8192)).max(MAX_BATCH_URIS_GIVEN, `must contain at most ${MAX_BATCH_URIS_GIVEN} URIs`).optional(),
  ),
  created_by: z.preprocess(blank, z.string().trim().min(1).max(200, "must be at most 200 characters").optional()),
  /** Shown in the batch list; defaults to where the flags came from. */
  name: z.preprocess(blank, z.string().trim().min(1).max(200, "must be at most 200 characters").optional()),
});
export type CreateBatchBody = z.infer<typeof createBatchBodySchema>;

/**
 * Why a URI given was left out: `resolved` or `expired` (a flag that is no longer
 * pending), `unknown` (no flag on it), `duplicate` (given before in the same list),
 * `batch_full` (pending, but past MAX_BATCH_ITEMS: the next batch takes it), `in_batch`
 * (undecided in an open batch already: `batch` and `batch_name` say which).
 */
export type SkipReason = "resolved" | "expired" | "unknown" | "duplicate" | "batch_full" | "in_batch";
export type SkippedUri = { uri: string; reason: SkipReason; batch?: string; batch_name?: string };

/** `flag_count` is what the batch holds: the flags its review page shows. */
export type CreatedBatch = { id: string; url: string; flag_count: number; skipped: SkippedUri[] };

/**
 * Groups pending flags into a review batch with an unguessable id. Of explicit URIs,
 * those that are pending flags are taken and every other one is answered (and
 * logged) in `skipped` with why; without any, the oldest pending flags are taken, up
 * to MAX_BATCH_ITEMS. A flag undecided in an open batch is never batched again. With
 * nothing to batch: 422 `no_pending_flags`, listing the skips.
 */
export async function createBatch(body: CreateBatchBody, actor: string): Promise<CreatedBatch> {
  const createdBy = body.created_by ?? actor;
  const batch = await db().$transaction(async (tx) => {
    await takeBatchLock(tx);
    const { uris, skipped } = body.uris?.length ? await pendingAmong(tx, body.uris) : { uris: await oldestPendingFlags(tx), skipped: [] };
    if (uris.length === 0) {
      const inBatches = skipped.filter((skip) => skip.reason === "in_batch");
      const message = !body.uris?.length
        ? "No pending flags outside open batches to review"
        : inBatches.length === skipped.length
          ? `Every flag given is in an open batch already (${[...new Set(inBatches.map((skip) => skip.batch_name))].join(", ")})`
          : `None of the ${body.uris.length} URIs is a pending ${FLAG_VAL} flag outside an open batch`;
      throw new AppError("no_pending_flags", message, { skipped });
    }
    const name = body.name ?? (body.uris?.length ? `Chosen by ${createdBy}` : "Oldest pending flags");
    return insertBatch(tx, uris, createdBy, actor, skipped, name);
  });
  if (batch.skipped.length) {
    logger.info({ batch: batch.id, createdBy, skipped: batch.skipped.slice(0, 50), skippedCount: batch.skipped.length }, "review batch: URIs skipped");
  }
  return batch;
}

// Batch writers take it first: two batches created at once cannot both take a flag.
const BATCH_LOCK = 0x5754_5242; // "WTRB"

/** Serialises batch creation until the transaction ends. */
export async function takeBatchLock(tx: Prisma.TransactionClient): Promise<void> {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(${BATCH_LOCK})`;
}

/** Writes a batch of these flags (already checked, under takeBatchLock) inside the caller's transaction. */
export async function insertBatch(
  tx: Prisma.TransactionClient,
  uris: string[],
  createdBy: string,
  actor: string,
  skipped: SkippedUri[] = [],
  name: string | null = null,
): Promise<CreatedBatch> {
  const id = randomBytes(16).toString("base64url");
  await tx.reviewBatch.create({ data: { id, createdBy, name } });
  await tx.reviewBatchItem.createMany({ data: uris.map((uri, position) => ({ batchId: id, uri, position })) });
  const detail = { flag_count: uris.length, created_by: createdBy, ...(skipped.length && { skipped: skipped.length }) };
  await recordAudit({ actor, action: "batch.create", subject: `batch:${id}`, detail }, tx);
  return { id, url: reviewPath(id), flag_count: uris.length, skipped };
}

/** The given URIs that are pending flags, in the order given, and every other one with why. */
async function pendingAmong(tx: Prisma.TransactionClient, given: string[]): Promise<{ uris: string[]; skipped: SkippedUri[] }> {
  const heads = await loadFlags([...new Set(given)], FLAG_VAL, tx);
  // A subject flagged on several record versions is pending while any of them is.
  const flags = latestPerUri(heads);
  for (const head of heads) if (head.status === "pending") flags.set(head.uri, head);
  const batched = await openBatchesOf([...flags.keys()], tx);
  const uris: string[] = [];
  const skipped: SkippedUri[] = [];
  const seen = new Set<string>();
  for (const uri of given) {
    const status = flags.get(uri)?.status;
    const open = batched.get(uri);
    if (seen.has(uri)) skipped.push({ uri, reason: "duplicate" });
    else if (status === "pending" && open) skipped.push({ uri, reason: "in_batch", batch: open.id, batch_name: batchLabel(open) });
    else if (status === "pending" && uris.length < MAX_BATCH_ITEMS) uris.push(uri);
    else if (status === "pending") skipped.push({ uri, reason: "batch_full" });
    else skipped.push({ uri, reason: status ?? "unknown" });
    seen.add(uri);
  }
  return { uris, skipped };
}

async function oldestPendingFlags(tx: Prisma.TransactionClient): Promise<string[]> {
  const rows = await tx.$queryRaw<{ uri: string }[]>`
    SELECT h.uri FROM label_heads h JOIN labels l ON l.seq = h.seq
    WHERE h.src = ${labelerDid()} AND h.val = ${FLAG_VAL} AND NOT l.neg AND (l.exp IS NULL OR l.exp > ${new Date()})
      AND NOT EXISTS (SELECT 1 FROM review_batch_items i JOIN review_batches b ON b.id = i.batch_id
                      WHERE i.uri = h.uri AND i.decision IS NULL AND b.status = 'pending')
    ORDER BY h.seq ASC LIMIT ${MAX_BATCH_ITEMS}`;
  return [...new Set(rows.map((row) => row.uri))];
}
