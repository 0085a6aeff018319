import { db } from "@/lib/db";
import type { RelayEvent } from "@/lib/db/generated/client";
import type { DeliveryState, PubkeyTrust, RelayEventStatus } from "@/lib/db/generated/enums";
import { eventPreview, type EventPreview } from "./event-preview";
import { isUndecided } from "../queue-item";
import { encodeCursor, type QueueQuery } from "./queue-query";

export const QUEUE_PAGE_SIZE = 25;

/** What a moderator needs to judge an author at a glance. */
export type AuthorHistory = { tier: PubkeyTrust; approved: number; rejected: number; waiting: number };

export type QueueItem = EventPreview & {
  id: string;
  pubkey: string;
  kind: number;
  createdAt: Date;
  receivedAt: Date;
  status: RelayEventStatus;
  reason: string | null;
  decidedBy: string | null;
  decidedAt: Date | null;
  delivery: DeliveryState;
  deliveryAttempts: number;
  deliveryError: string | null;
  nextDeliveryAt: Date | null;
  author: AuthorHistory;
};

export type QueuePage = { items: QueueItem[]; nextCursor: string | null };

/**
 * One page of a tab, keyset-paginated on (receivedAt, id): events still waiting
 * oldest first (a queue), decided ones newest first. Both orders use the
 * (status, receivedAt) index.
 */
export async function queryQueuePage(query: QueueQuery, limit = QUEUE_PAGE_SIZE): Promise<QueuePage> {
  const ascending = isUndecided(query.status);
  const direction = ascending ? "asc" : "desc";
  const beyond = <T,>(value: T) => (ascending ? { gt: value } : { lt: value });
  const { cursor } = query;
  const rows = await db().relayEvent.findMany({
    where: {
      status: query.status,
      ...(query.author && { pubkey: query.author }),
      ...(cursor && {
        OR: [{ receivedAt: beyond(cursor.receivedAt) }, { receivedAt: cursor.receivedAt, id: beyond(cursor.id) }],
      }),
    },
    orderBy: [{ receivedAt: direction }, { id: direction }],
    take: limit + 1,
  });
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return { items: await toQueueItems(page), nextCursor: rows.length > limit && last ? encodeCursor(last) : null };
}

/** One event as the queue shows it, whatever its status (the event's own page); null when unknown. */
export async function queryQueueItem(id: string): Promise<QueueItem | null> {
  const row = await db().relayEvent.findUnique({ where: { id } });
  return row ? (await toQueueItems([row]))[0]! : null;
}

async function toQueueItems(rows: RelayEvent[]): Promise<QueueItem[]> {
  const histories = await authorHistories([...new Set(rows.map((row) => row.pubkey))]);
  return rows.map(({ event, createdAt, ...row }) => ({
    ...row,
    ...eventPreview(event),
    createdAt: new Date(createdAt * 1000),
    author: histories.get(row.pubkey)!,
  }));
}

/** Tier and decision counts for each author on the page, in two queries. */
async function authorHistories(pubkeys: string[]): Promise<Map<string, AuthorHistory>> {
  const [groups, tiers] = await Promise.all([
    db().relayEvent.groupBy({ by: ["pubkey", "status"], where: { pubkey: { in: pubkeys } }, _count: { _all: true } }),
    db().relayPubkey.findMany({ where: { pubkey: { in: pubkeys } }, select: { pubkey: true, trust: true } }),
  ]);
  const histories = new Map<string, AuthorHistory>(
    pubkeys.map((pubkey) => [pubkey, { tier: "unknown", approved: 0, rejected: 0, waiting: 0 }]),
  );
  for (const { pubkey, trust } of tiers) histories.get(pubkey)!.tier = trust;
  for (const { pubkey, status, _count } of groups) {
    const history = histories.get(pubkey)!;
    if (status === "rejected") history.rejected += _count._all;
    else if (isUndecided(status)) history.waiting += _count._all;
    else history.approved += _count._all;
  }
  return histories;
}
