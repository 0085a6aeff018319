import { db } from "@/lib/db";
import type { RelayEventStatus } from "@/lib/db/generated/enums";

export type RelayEventCounts = Record<RelayEventStatus, number>;

/** Statuses that still wait for a moderator's decision. */
export const undecidedRelayStatuses = ["pending", "ai_flagged"] as const satisfies readonly RelayEventStatus[];

/** Relay events held by the write policy, by status: every author's, or one's. */
export async function countRelayEvents(author?: string): Promise<RelayEventCounts> {
  const groups = await db().relayEvent.groupBy({ by: ["status"], where: author ? { pubkey: author } : {}, _count: { _all: true } });
  const counts: RelayEventCounts = { pending: 0, ai_flagged: 0, approved: 0, auto_approved: 0, rejected: 0 };
  for (const group of groups) counts[group.status] = group._count._all;
  return counts;
}
