import type { PubkeyTier } from "@/lib/relay/policy/tiers";

/** What each tier means to the write policy, for the pubkeys page (client-safe). */
export const tierMeaning: Record<PubkeyTier, string> = {
  trusted: "published at once",
  member: "held for review",
  unknown: "refused, or held when RELAY_UNKNOWN_PUBKEYS=hold",
  blocked: "always refused",
};
