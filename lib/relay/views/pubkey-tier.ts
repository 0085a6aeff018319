import { db } from "@/lib/db";
import type { PubkeyTrust } from "@/lib/db/generated/enums";

/** A pubkey's stored tier; a pubkey never set is `unknown`. */
export async function pubkeyTier(pubkey: string): Promise<PubkeyTrust> {
  const row = await db().relayPubkey.findUnique({ where: { pubkey }, select: { trust: true } });
  return row?.trust ?? "unknown";
}

/** For a banned pubkey, the tier an unban gives back (what the ban replaced); null when not banned. */
export async function unbanTier(pubkey: string): Promise<PubkeyTrust | null> {
  const row = await db().relayPubkey.findUnique({ where: { pubkey }, select: { trust: true, banPreviousTrust: true } });
  return row?.trust === "blocked" ? (row.banPreviousTrust ?? "unknown") : null;
}
