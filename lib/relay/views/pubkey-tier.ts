import { db } from "@/lib/db";
import type { PubkeyTrust } from "@/lib/db/generated/enums";

/** A pubkey's stored tier; a pubkey never set is `unknown`. */
export async function pubkeyTier(pubkey: string): Promise<PubkeyTrust> {
  const row = await db().relayPubkey.findUnique({ where: { pubkey }, select: { trust: true } });
  return row?.trust ?? "unknown";
}
