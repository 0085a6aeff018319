import { db } from "@/lib/db";
import type { Prisma } from "@/lib/db/generated/client";
import { announcePolicyChange, recordPolicyChanges } from "../policy-changes";
import type { NostrEvent } from "../policy/nostr-event";
import { deliveryDelayMs } from "./backoff";
import { failAll, type Publisher } from "./publisher";
import { approvedStatuses } from "../queue-item";

export const DELIVERY_BATCH = 50;
// A claimed batch belongs to its process this long; if the process dies, another takes it after.
const CLAIM_LEASE_MS = 2 * 60_000;

export type DeliveryOptions = { clock?: () => Date; random?: () => number };

const dueWhere = (now: Date) =>
  ({
    status: { in: [...approvedStatuses] },
    delivery: { in: ["queued", "retrying"] },
    nextDeliveryAt: { lte: now },
  }) satisfies Prisma.RelayEventWhereInput;

/**
 * One pass of the outbox: claims up to a batch of due deliveries, publishes them and
 * records each outcome on its row (delivered, or retrying with the error and the
 * next attempt after an exponential backoff). Returns how many were claimed.
 */
export async function deliverDue(publisher: Publisher, options: DeliveryOptions = {}): Promise<number> {
  const clock = options.clock ?? (() => new Date());
  const claimed = await claimDue(clock());
  if (claimed.length === 0) return 0;
  const events = claimed.map((row) => row.event as NostrEvent);
  const results = await publisher.publish(events).catch((error: unknown) => failAll(events, `delivery failed: ${String(error)}`));
  const now = clock();

  const delivered = claimed.filter((row) => results.get(row.id)?.ok).map((row) => row.id);
  if (delivered.length > 0) {
    await db().$transaction(async (tx) => {
      await tx.relayEvent.updateMany({
        where: { id: { in: delivered } },
        data: { delivery: "delivered", deliveryAttempts: { increment: 1 }, deliveryError: null, nextDeliveryAt: null },
      });
      // The plugin no longer needs to accept these ids: the relay has them.
      await recordPolicyChanges(tx, delivered.map((eventId) => ({ eventId, approved: false })));
    });
    announcePolicyChange();
  }
  for (const row of claimed) {
    const result = results.get(row.id) ?? { ok: false, error: "no answer for this event" };
    if (result.ok) continue;
    const attempts = row.deliveryAttempts + 1;
    await db().relayEvent.updateMany({
      where: { id: row.id, delivery: { in: ["queued", "retrying"] } },
      data: {
        delivery: "retrying",
        deliveryAttempts: attempts,
        deliveryError: result.error.slice(0, 500),
        nextDeliveryAt: new Date(now.getTime() + deliveryDelayMs(attempts, options.random)),
      },
    });
  }
  return claimed.length;
}

/**
 * Claims due rows by moving their next attempt past a lease, in one conditional
 * UPDATE: a row another process claimed first is no longer due, so it is skipped.
 */
async function claimDue(now: Date) {
  const due = await db().relayEvent.findMany({ where: dueWhere(now), orderBy: { nextDeliveryAt: "asc" }, take: DELIVERY_BATCH, select: { id: true } });
  if (due.length === 0) return [];
  return db().relayEvent.updateManyAndReturn({
    where: { id: { in: due.map((row) => row.id) }, ...dueWhere(now) },
    data: { nextDeliveryAt: new Date(now.getTime() + CLAIM_LEASE_MS) },
    select: { id: true, event: true, deliveryAttempts: true },
  });
}

/** When the next delivery falls due (null: nothing waits). */
export async function nextDeliveryDue(): Promise<Date | null> {
  const row = await db().relayEvent.findFirst({
    where: { status: { in: [...approvedStatuses] }, delivery: { in: ["queued", "retrying"] } },
    orderBy: { nextDeliveryAt: "asc" },
    select: { nextDeliveryAt: true },
  });
  return row?.nextDeliveryAt ?? null;
}
