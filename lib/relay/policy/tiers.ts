/** Pubkey trust, from least to most trusted (the Prisma enum PubkeyTrust). */
export const pubkeyTiers = ["blocked", "unknown", "member", "trusted"] as const;

export type PubkeyTier = (typeof pubkeyTiers)[number];

const rank: Record<PubkeyTier, number> = { blocked: 0, unknown: 1, member: 2, trusted: 3 };

/** The more trusted of two tiers, except that blocked always wins. */
export function combineTiers(a: PubkeyTier, b: PubkeyTier): PubkeyTier {
  if (a === "blocked" || b === "blocked") return "blocked";
  return rank[a] >= rank[b] ? a : b;
}
