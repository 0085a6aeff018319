import { db } from "@/lib/db";
import type { RelayEventCounts } from "@/lib/dashboard/count-relay-events";

/** Events by status, for every author or for one. */
export async function countQueue(author?: string): Promise<RelayEventCounts> {
  const groups = await db().relayEvent.groupBy({ by: ["status"], where: author ? { pubkey: author } : {}, _count: { _all: true } });
  const counts: RelayEventCounts = { pending: 0, ai_flagged: 0, approved: 0, auto_approved: 0, rejected: 0 };
  for (const group of groups) counts[group.status] = group._count._all;
  return counts;
}
