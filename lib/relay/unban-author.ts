import { recordAudit } from "@/lib/audit/record-audit";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { announcePolicyChange, recordPolicyChanges } from "./policy-changes";
import { assertPubkey, MAX_NOTE_LENGTH, type PubkeyTier } from "./trust";

/** The tier and note given back, and the ban's own note (for an undo that bans again). */
export type Unban = { pubkey: string; tier: PubkeyTier; note: string | null; ban_note: string | null };

/**
 * Lifts a ban: the author gets back the tier and note the ban replaced (kept on the row
 * by banMemory in lib/relay/trust.ts; unknown when nothing was). Events the ban rejected
 * stay rejected: each can still be approved after all from the queue. Audited as
 * relay.author.unban with the reason; 409 when the author is not banned (any more).
 */
export async function unbanAuthor(pubkey: string, actor: string, reason?: string): Promise<Unban> {
  assertPubkey(pubkey);
  const why = reason?.trim() || undefined;
  if (why && why.length > MAX_NOTE_LENGTH) throw new AppError("invalid_request", `reason must be at most ${MAX_NOTE_LENGTH} characters`);
  const result = await db().$transaction(async (tx) => {
    const [row] = await tx.$queryRaw<{ trust: PubkeyTier; note: string | null; updated_by: string; previous_trust: PubkeyTier | null; previous_note: string | null }[]>`
      SELECT trust::text AS trust, note, updated_by, ban_previous_trust::text AS previous_trust, ban_previous_note AS previous_note
      FROM relay_pubkeys WHERE pubkey = ${pubkey} FOR UPDATE`;
    if (row?.trust !== "blocked") {
      const now = row?.trust ?? "unknown";
      throw new AppError("conflict", `This author is not banned: the tier is ${now}${row ? ` (set by ${row.updated_by})` : ""}; nothing changed`, { tier: now });
    }
    const tier = row.previous_trust ?? "unknown";
    const note = row.previous_note;
    await tx.relayPubkey.update({
      where: { pubkey },
      data: { trust: tier, note, updatedBy: actor, banPreviousTrust: null, banPreviousNote: null },
    });
    const detail = { to: tier, ...(note && { note }), ...(why && { reason: why }) };
    await recordAudit({ actor, action: "relay.author.unban", subject: `pubkey:${pubkey}`, detail }, tx);
    await recordPolicyChanges(tx, [{ pubkey, tier }]);
    return { pubkey, tier, note, ban_note: row.note };
  });
  announcePolicyChange();
  return result;
}
