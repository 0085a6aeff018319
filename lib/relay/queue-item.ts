import type { RelayEvent } from "@/lib/db/generated/client";
import type { RelayEventStatus } from "@/lib/db/generated/enums";

/** The actor recorded for what Warden decides by itself (supersede, author deletion). */
export const SYSTEM_ACTOR = "warden";

/** Statuses still waiting for a moderator. */
export const undecidedStatuses = ["pending", "ai_flagged"] as const satisfies readonly RelayEventStatus[];

/** Statuses that let the event onto the relay (by a moderator, or by the triage). */
export const approvedStatuses = ["approved", "auto_approved"] as const satisfies readonly RelayEventStatus[];

export const isUndecided = (status: RelayEventStatus) => (undecidedStatuses as readonly string[]).includes(status);
export const isApproved = (status: RelayEventStatus) => (approvedStatuses as readonly string[]).includes(status);

/** A queued event as the admin API returns it: the row, with the event exactly as received. */
export type QueueItem = Omit<RelayEvent, "address">;

export const queueItemSelect = {
  id: true,
  pubkey: true,
  kind: true,
  createdAt: true,
  event: true,
  status: true,
  receivedAt: true,
  decidedBy: true,
  decidedAt: true,
  reason: true,
  delivery: true,
  deliveryAttempts: true,
  deliveryError: true,
  nextDeliveryAt: true,
} as const satisfies Record<keyof QueueItem, true>;
