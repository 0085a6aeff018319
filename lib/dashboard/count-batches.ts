import { db } from "@/lib/db";
import type { BatchStatus } from "@/lib/db/generated/enums";

export type BatchCounts = Record<BatchStatus, number>;

/** Review batches by status: `pending` ones still have items to decide. */
export async function countBatches(): Promise<BatchCounts> {
  const groups = await db().reviewBatch.groupBy({ by: ["status"], _count: { _all: true } });
  const counts: BatchCounts = { pending: 0, completed: 0 };
  for (const group of groups) counts[group.status] = group._count._all;
  return counts;
}
