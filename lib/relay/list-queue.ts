import { db } from "@/lib/db";
import type { RelayEventStatus } from "@/lib/db/generated/enums";
import { AppError } from "@/lib/errors";
import { isHex64 } from "./policy/nostr-event";
import { queueItemSelect, type QueueItem } from "./queue-item";

export type { QueueItem };

export const DEFAULT_QUEUE_PAGE = 50;
export const MAX_QUEUE_PAGE = 500;

export type QueueFilter = { status?: RelayEventStatus[]; before?: string; limit?: number };

/**
 * Queued events, newest first, keyset-paginated on (receivedAt, id): pass `next`
 * back as `before` for the following page.
 */
export async function listQueue(filter: QueueFilter): Promise<{ events: QueueItem[]; next?: string }> {
  const limit = Math.min(Math.max(filter.limit ?? DEFAULT_QUEUE_PAGE, 1), MAX_QUEUE_PAGE);
  const cursor = filter.before === undefined ? null : decodeCursor(filter.before);
  const rows = await db().relayEvent.findMany({
    where: {
      ...(filter.status?.length && { status: { in: filter.status } }),
      ...(cursor && { OR: [{ receivedAt: { lt: cursor.receivedAt } }, { receivedAt: cursor.receivedAt, id: { lt: cursor.id } }] }),
    },
    orderBy: [{ receivedAt: "desc" }, { id: "desc" }],
    take: limit + 1,
    select: queueItemSelect,
  });
  const events = rows.slice(0, limit);
  const last = events.at(-1);
  return rows.length > limit && last ? { events, next: encodeCursor(last) } : { events };
}

function encodeCursor(item: Pick<QueueItem, "receivedAt" | "id">): string {
  return Buffer.from(`${item.receivedAt.toISOString()}|${item.id}`).toString("base64url");
}

function decodeCursor(cursor: string): { receivedAt: Date; id: string } {
  const [at, id] = Buffer.from(cursor, "base64url").toString("utf8").split("|");
  const receivedAt = new Date(at ?? "");
  // An event id, or the cursor was not ours (the request pipeline only saw its base64; PostgreSQL refuses a NUL).
  if (!id || !isHex64(id) || Number.isNaN(receivedAt.getTime())) throw new AppError("invalid_request", "before: not a cursor from this API");
  return { receivedAt, id };
}
