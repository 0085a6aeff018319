import type { Prisma } from "@/lib/db/generated/client";
import { AppError } from "@/lib/errors";
import { recordPolicyChanges } from "./policy-changes";

/** What became of the event's copy on the relay when its approval was taken back. */
export type ReopenedDelivery = "cancelled" | "delivered" | "none";

/**
 * Puts an automatically approved event back in the queue, inside the caller's
 * transaction: a delivery still waiting is cancelled; one already made stays made (the
 * relay keeps its copy). Conflicts unless the automatic approval is still in force.
 * The caller announces the policy change after commit (announcePolicyChange).
 */
export async function reopenAutoApproval(tx: Prisma.TransactionClient, id: string): Promise<ReopenedDelivery> {
  const pending = { status: "pending", decidedBy: null, decidedAt: null, reason: null } as const;
  const cancelled = await tx.relayEvent.updateMany({
    where: { id, status: "auto_approved", delivery: { in: ["queued", "retrying"] } },
    data: { ...pending, delivery: "none", deliveryAttempts: 0, deliveryError: null, nextDeliveryAt: null },
  });
  // Not waiting for delivery: it reached the relay already (kept as delivered: true), or never was queued.
  const reopened = cancelled.count ? cancelled : await tx.relayEvent.updateMany({ where: { id, status: "auto_approved" }, data: pending });
  if (reopened.count === 0) await throwNotAutoApproved(tx, id);
  const row = await tx.relayEvent.findUniqueOrThrow({ where: { id }, select: { delivery: true } });
  // Last of the relay's writes (it holds the version row's lock until commit): the plugin stops accepting the id.
  await recordPolicyChanges(tx, [{ eventId: id, approved: false }]);
  return cancelled.count ? "cancelled" : row.delivery === "delivered" ? "delivered" : "none";
}

async function throwNotAutoApproved(tx: Prisma.TransactionClient, id: string): Promise<never> {
  const event = await tx.relayEvent.findUnique({ where: { id }, select: { status: true, decidedBy: true } });
  if (!event) throw new AppError("not_found", `No queued event with id ${id}`);
  const by = event.decidedBy ? ` (decided by ${event.decidedBy})` : "";
  throw new AppError("conflict", `Event ${id} is ${event.status} now${by}; only an automatic approval still in force can be undone`, {
    status: event.status,
    decidedBy: event.decidedBy,
  });
}
