import { db } from "@/lib/db";
import type { PubkeyTrust } from "@/lib/db/generated/enums";

export type PubkeyTierCounts = Record<PubkeyTrust, number>;

/** Stored pubkeys by tier (a pubkey never set counts nowhere: it is implicitly unknown). */
export async function countPubkeysByTier(): Promise<PubkeyTierCounts> {
  const groups = await db().relayPubkey.groupBy({ by: ["trust"], _count: { _all: true } });
  const counts: PubkeyTierCounts = { blocked: 0, unknown: 0, member: 0, trusted: 0 };
  for (const group of groups) counts[group.trust] = group._count._all;
  return counts;
}
