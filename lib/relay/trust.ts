import { db } from "@/lib/db";
import { recordAudit } from "@/lib/audit/record-audit";
import { AppError } from "@/lib/errors";
import { announcePolicyChange, recordPolicyChanges } from "./policy-changes";
import { isHex64 } from "./policy/nostr-event";
import { pubkeyTiers, type PubkeyTier } from "./policy/tiers";

// The same values as Prisma's PubkeyTrust: writing a tier and reading `trust` back
// below only compile while the two agree.
export { pubkeyTiers, type PubkeyTier };

export const MAX_NOTE_LENGTH = 1_000;

export type PubkeyEntry = { pubkey: string; tier: PubkeyTier; note: string | null; updatedAt: Date; updatedBy: string };

/** Throws invalid_request unless `pubkey` is 64 lowercase hex characters. */
export function assertPubkey(pubkey: string): void {
  if (!isHex64(pubkey)) throw new AppError("invalid_request", "pubkey must be 64 lowercase hex characters");
}

/** Sets a pubkey's tier (unknown included, which keeps who set it), audited; the plugin learns it at once. */
export async function setPubkeyTier(input: { pubkey: string; tier: PubkeyTier; note?: string }, actor: string): Promise<void> {
  const { pubkey, tier } = input;
  assertPubkey(pubkey);
  if (!pubkeyTiers.includes(tier)) throw new AppError("invalid_request", `tier must be one of ${pubkeyTiers.join(", ")}`);
  const note = input.note?.trim() || null;
  if (note && note.length > MAX_NOTE_LENGTH) throw new AppError("invalid_request", `note must be at most ${MAX_NOTE_LENGTH} characters`);
  await db().$transaction(async (tx) => {
    const previous = await tx.relayPubkey.findUnique({ where: { pubkey }, select: { trust: true } });
    await tx.relayPubkey.upsert({
      where: { pubkey },
      create: { pubkey, trust: tier, note, updatedBy: actor },
      update: { trust: tier, note, updatedBy: actor },
    });
    await recordAudit(
      { actor, action: "relay.pubkey.tier", subject: `pubkey:${pubkey}`, detail: { tier, from: previous?.trust ?? "unknown", ...(note && { note }) } },
      tx,
    );
    await recordPolicyChanges(tx, [{ pubkey, tier }]);
  });
  announcePolicyChange();
}

/** Pubkeys with a stored tier (a pubkey never set is unknown and not listed), most recently changed first. */
export async function listPubkeys(filter: { tier?: PubkeyTier } = {}): Promise<PubkeyEntry[]> {
  const rows = await db().relayPubkey.findMany({
    where: filter.tier ? { trust: filter.tier } : {},
    orderBy: [{ updatedAt: "desc" }, { pubkey: "asc" }],
  });
  return rows.map(({ pubkey, trust, note, updatedAt, updatedBy }) => ({ pubkey, tier: trust, note, updatedAt, updatedBy }));
}
