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

/**
 * The ban memory for a change to `tier` from `previous` (the row as it was): a ban keeps
 * the tier and note it replaced, for an unban (lib/relay/unban-author.ts); a ban of the
 * blocked keeps what the first ban replaced; leaving blocked forgets it.
 */
export function banMemory(tier: PubkeyTier, previous: { trust: PubkeyTier; note: string | null } | undefined) {
  if (tier !== "blocked") return { banPreviousTrust: null, banPreviousNote: null };
  if (previous?.trust === "blocked") return {};
  return { banPreviousTrust: previous?.trust ?? "unknown", banPreviousNote: previous?.note ?? null };
}

/** What a tier change replaced: enough to put it back (the Undo of a ban). */
export type TierChange = { from: PubkeyTier; previousNote: string | null };

export type TierInput = {
  pubkey: string;
  tier: PubkeyTier;
  note?: string;
  /** Only when the tier is still this (an undo must not overwrite someone's later change): 409 otherwise. */
  ifTier?: PubkeyTier;
  /** Why, for the audit log (e.g. "undo right after banning"). */
  reason?: string;
};

/** Sets a pubkey's tier (unknown included, which keeps who set it), audited; the plugin learns it at once. */
export async function setPubkeyTier(input: TierInput, actor: string): Promise<TierChange> {
  const { pubkey, tier, ifTier, reason } = input;
  assertPubkey(pubkey);
  if (!pubkeyTiers.includes(tier)) throw new AppError("invalid_request", `tier must be one of ${pubkeyTiers.join(", ")}`);
  const note = input.note?.trim() || null;
  if (note && note.length > MAX_NOTE_LENGTH) throw new AppError("invalid_request", `note must be at most ${MAX_NOTE_LENGTH} characters`);
  const change = await db().$transaction(async (tx) => {
    // FOR UPDATE: a concurrent change waits, so ifTier compares with what is replaced.
    const [previous] = await tx.$queryRaw<{ trust: PubkeyTier; note: string | null; updated_by: string }[]>`
      SELECT trust::text AS trust, note, updated_by FROM relay_pubkeys WHERE pubkey = ${pubkey} FOR UPDATE`;
    const from = previous?.trust ?? "unknown";
    if (ifTier && from !== ifTier) {
      throw new AppError("conflict", `The tier is ${from} now${previous ? ` (set by ${previous.updated_by})` : ""}, not ${ifTier}; nothing changed`, { tier: from });
    }
    const remembered = banMemory(tier, previous);
    await tx.relayPubkey.upsert({
      where: { pubkey },
      create: { pubkey, trust: tier, note, updatedBy: actor, ...remembered },
      update: { trust: tier, note, updatedBy: actor, ...remembered },
    });
    const detail = { tier, from, ...(note && { note }), ...(reason && { reason }) };
    await recordAudit({ actor, action: "relay.pubkey.tier", subject: `pubkey:${pubkey}`, detail }, tx);
    await recordPolicyChanges(tx, [{ pubkey, tier }]);
    return { from, previousNote: previous?.note ?? null };
  });
  announcePolicyChange();
  return change;
}

/** Pubkeys with a stored tier (a pubkey never set is unknown and not listed), most recently changed first. */
export async function listPubkeys(filter: { tier?: PubkeyTier } = {}): Promise<PubkeyEntry[]> {
  const rows = await db().relayPubkey.findMany({
    where: filter.tier ? { trust: filter.tier } : {},
    orderBy: [{ updatedAt: "desc" }, { pubkey: "asc" }],
  });
  return rows.map(({ pubkey, trust, note, updatedAt, updatedBy }) => ({ pubkey, tier: trust, note, updatedAt, updatedBy }));
}
