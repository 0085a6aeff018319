import type { Prisma } from "@/lib/db/generated/client";
import { recordAudit } from "@/lib/audit/record-audit";

type Tx = Prisma.TransactionClient;

/**
 * Locks these batches' rows, in id order. Every writer of batch items locks the
 * batch first, so two writers never hold items the other one waits for.
 */
export async function lockBatches(tx: Tx, batchIds: string[]): Promise<void> {
  if (batchIds.length === 0) return;
  await tx.$queryRaw`SELECT id FROM review_batches WHERE id = ANY(${batchIds}::text[]) ORDER BY id FOR UPDATE`;
}

/**
 * A cleared flag needs no more review: its open items in every batch become "clear"
 * by whoever cleared it. Returns the batches touched.
 */
export async function settleOpenItems(tx: Tx, uris: string[], actor: string, at: Date): Promise<string[]> {
  if (uris.length === 0) return [];
  const open = await tx.reviewBatchItem.findMany({
    where: { uri: { in: uris }, decision: null },
    select: { batchId: true },
    distinct: ["batchId"],
  });
  const batchIds = open.map((item) => item.batchId);
  await lockBatches(tx, batchIds);
  await tx.reviewBatchItem.updateMany({
    where: { batchId: { in: batchIds }, uri: { in: uris }, decision: null },
    data: { decision: "clear", decidedBy: actor, decidedAt: at },
  });
  return batchIds;
}

/** Marks complete those of these batches with no undecided item left, and audits each. */
export async function completeBatches(tx: Tx, batchIds: string[], actor: string, at: Date): Promise<string[]> {
  if (batchIds.length === 0) return [];
  const completed = await tx.$queryRaw<{ id: string }[]>`
    UPDATE review_batches b SET status = 'completed', completed_at = ${at}
    WHERE b.id = ANY(${batchIds}::text[]) AND b.status = 'pending'
      AND NOT EXISTS (SELECT 1 FROM review_batch_items i WHERE i.batch_id = b.id AND i.decision IS NULL)
    RETURNING b.id`;
  if (completed.length) {
    await recordAudit(completed.map(({ id }) => ({ actor, action: "batch.complete" as const, subject: `batch:${id}` })), tx);
  }
  return completed.map(({ id }) => id);
}

/** Batches with an item undecided again are open again (a completed one is reopened and audited). */
export async function reopenBatches(tx: Tx, batchIds: string[], actor: string): Promise<void> {
  if (batchIds.length === 0) return;
  const reopened = await tx.reviewBatch.updateManyAndReturn({
    where: { id: { in: batchIds }, status: "completed" },
    data: { status: "pending", completedAt: null },
    select: { id: true },
  });
  if (reopened.length) await recordAudit(reopened.map(({ id }) => ({ actor, action: "batch.reopen" as const, subject: `batch:${id}` })), tx);
}
