import { db } from "@/lib/db";
import type { Prisma } from "@/lib/db/generated/client";

export type OpenBatch = { id: string; name: string | null };

/**
 * The open batch (pending, item undecided) holding each of these flags, the newest
 * when several do. A deferred item is decided: its flag may be batched again.
 */
export async function openBatchesOf(uris: string[], client: Prisma.TransactionClient = db()): Promise<Map<string, OpenBatch>> {
  if (uris.length === 0) return new Map();
  const rows = await client.$queryRaw<(OpenBatch & { uri: string })[]>`
    SELECT DISTINCT ON (i.uri) i.uri, b.id, b.name
    FROM review_batch_items i JOIN review_batches b ON b.id = i.batch_id
    WHERE i.uri = ANY(${uris}::text[]) AND i.decision IS NULL AND b.status = 'pending'
    ORDER BY i.uri, b.created_at DESC, b.id DESC`;
  return new Map(rows.map(({ uri, id, name }) => [uri, { id, name }]));
}

/** A batch as a moderator names it: its name, or the start of its id. */
export const batchLabel = (batch: OpenBatch) => batch.name ?? `${batch.id.slice(0, 8)}…`;
