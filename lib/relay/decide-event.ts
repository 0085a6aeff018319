import { db } from "@/lib/db";
import { recordAudit } from "@/lib/audit/record-audit";
import { AppError } from "@/lib/errors";
import { wakeDeliveryOutbox } from "./outbox/delivery-worker";
import { announcePolicyChange, recordPolicyChanges } from "./policy-changes";
import { queueItemSelect, undecidedStatuses, type QueueItem } from "./queue-item";

export type QueueDecision = "approve" | "reject";

/**
 * A moderator's decision on a held event. The conditional update (only while still
 * pending or ai_flagged) makes it safe under concurrency: of two decisions, one
 * wins and the other gets 409. Approving queues delivery in the same transaction
 * (the outbox) and lets the plugin accept the id when the outbox publishes it.
 */
export async function decideEvent(id: string, decision: QueueDecision, actor: string, reason?: string): Promise<QueueItem> {
  const approve = decision === "approve";
  const now = new Date();
  const item = await db().$transaction(async (tx) => {
    const { count } = await tx.relayEvent.updateMany({
      where: { id, status: { in: [...undecidedStatuses] } },
      data: {
        status: approve ? "approved" : "rejected",
        decidedBy: actor,
        decidedAt: now,
        reason: reason ?? null,
        ...(approve && { delivery: "queued", deliveryAttempts: 0, deliveryError: null, nextDeliveryAt: now }),
      },
    });
    if (count === 0) {
      const existing = await tx.relayEvent.findUnique({ where: { id }, select: { status: true, decidedBy: true } });
      if (!existing) throw new AppError("not_found", `No queued event with id ${id}`);
      throw new AppError("conflict", `Event already ${existing.status}`, { status: existing.status, decidedBy: existing.decidedBy });
    }
    await recordAudit({ actor, action: `relay.event.${decision}`, subject: `event:${id}`, detail: reason ? { reason } : undefined }, tx);
    if (approve) await recordPolicyChanges(tx, [{ eventId: id, approved: true }]);
    return tx.relayEvent.findUniqueOrThrow({ where: { id }, select: queueItemSelect });
  });
  if (approve) {
    announcePolicyChange();
    wakeDeliveryOutbox();
  }
  return item;
}
