import { recordAudit } from "@/lib/audit/record-audit";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { wakeDeliveryOutbox } from "./outbox/delivery-worker";
import { announcePolicyChange, recordPolicyChanges } from "./policy-changes";
import { queueItemSelect, type QueueItem } from "./queue-item";

/**
 * The way back from a rejection: a rejected event is approved after all and queued
 * for delivery, as decideEvent approves a held one. The conditional update (only
 * while still rejected) makes two overturns one; the audit entry keeps the actor,
 * the reason and the rejection it overturned. 404 without the event, 409 unless it
 * is rejected.
 */
export async function overturnRejection(id: string, actor: string, reason?: string): Promise<QueueItem> {
  const now = new Date();
  const item = await db().$transaction(async (tx) => {
    const rejected = await tx.relayEvent.findUnique({ where: { id }, select: { status: true, decidedBy: true, reason: true } });
    if (!rejected) throw new AppError("not_found", `No queued event with id ${id}`);
    const { count } = await tx.relayEvent.updateMany({
      where: { id, status: "rejected" },
      data: { status: "approved", decidedBy: actor, decidedAt: now, reason: reason ?? null, delivery: "queued", deliveryAttempts: 0, deliveryError: null, nextDeliveryAt: now },
    });
    if (count === 0) {
      throw new AppError("conflict", `Event is ${rejected.status}${rejected.decidedBy ? ` (decided by ${rejected.decidedBy})` : ""}; only a rejected event can be approved after all`, {
        status: rejected.status,
        decidedBy: rejected.decidedBy,
      });
    }
    const overturned = { rejected_by: rejected.decidedBy, rejection_reason: rejected.reason };
    await recordAudit({ actor, action: "relay.event.approve", subject: `event:${id}`, detail: { ...(reason && { reason }), overturned } }, tx);
    await recordPolicyChanges(tx, [{ eventId: id, approved: true }]);
    return tx.relayEvent.findUniqueOrThrow({ where: { id }, select: queueItemSelect });
  });
  announcePolicyChange();
  wakeDeliveryOutbox();
  return item;
}
