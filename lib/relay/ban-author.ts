import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { announcePolicyChange, recordPolicyChanges } from "./policy-changes";
import { undecidedStatuses } from "./queue-item";
import { assertPubkey, banMemory, MAX_NOTE_LENGTH, type PubkeyTier } from "./trust";
import { recordAudit } from "@/lib/audit/record-audit";

/**
 * Blocks an author and rejects every event of theirs still waiting, in one
 * transaction: one audit entry for the ban and one per rejected event. Answers the
 * tier and note it replaced, which an undo or a later unban restores (the rejections stay).
 */
export async function banAuthor(pubkey: string, actor: string, reason?: string): Promise<{ rejected: number; from: PubkeyTier; previous_note: string | null }> {
  assertPubkey(pubkey);
  const note = reason?.trim() || null;
  if (note && note.length > MAX_NOTE_LENGTH) throw new AppError("invalid_request", `reason must be at most ${MAX_NOTE_LENGTH} characters`);
  const result = await db().$transaction(async (tx) => {
    // What the ban replaces, for its Undo (a tier change with if_tier, lib/relay/trust.ts).
    const [previous] = await tx.$queryRaw<{ trust: PubkeyTier; note: string | null }[]>`
      SELECT trust::text AS trust, note FROM relay_pubkeys WHERE pubkey = ${pubkey} FOR UPDATE`;
    // The replaced tier is also kept on the row, for an unban once the Undo is gone.
    const remembered = banMemory("blocked", previous);
    await tx.relayPubkey.upsert({
      where: { pubkey },
      create: { pubkey, trust: "blocked", note, updatedBy: actor, ...remembered },
      update: { trust: "blocked", note, updatedBy: actor, ...remembered },
    });
    const rows = await tx.relayEvent.updateManyAndReturn({
      where: { pubkey, status: { in: [...undecidedStatuses] } },
      data: { status: "rejected", reason: note ?? "author banned", decidedBy: actor, decidedAt: new Date() },
      select: { id: true },
    });
    await recordAudit(
      [
        { actor, action: "relay.author.ban", subject: `pubkey:${pubkey}`, detail: { rejected: rows.length, from: previous?.trust ?? "unknown", ...(note && { reason: note }) } },
        ...rows.map(({ id }) => ({ actor, action: "relay.event.reject" as const, subject: `event:${id}`, detail: { reason: "author banned" } })),
      ],
      tx,
    );
    await recordPolicyChanges(tx, [{ pubkey, tier: "blocked" }]);
    return { rejected: rows.length, from: previous?.trust ?? "unknown", previous_note: previous?.note ?? null };
  });
  announcePolicyChange();
  return result;
}
