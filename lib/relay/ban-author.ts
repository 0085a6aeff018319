import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { announcePolicyChange, recordPolicyChanges } from "./policy-changes";
import { undecidedStatuses } from "./queue-item";
import { assertPubkey, MAX_NOTE_LENGTH, type PubkeyTier } from "./trust";
import { recordAudit } from "@/lib/audit/record-audit";

/**
 * Blocks an author and rejects every event of theirs still waiting, in one
 * transaction: one audit entry for the ban and one per rejected event. Answers the
 * tier the author had before (`previous`), which an undo restores.
 */
export async function banAuthor(pubkey: string, actor: string, reason?: string): Promise<{ rejected: number; previous: PubkeyTier }> {
  assertPubkey(pubkey);
  const note = reason?.trim() || null;
  if (note && note.length > MAX_NOTE_LENGTH) throw new AppError("invalid_request", `reason must be at most ${MAX_NOTE_LENGTH} characters`);
  const result = await db().$transaction(async (tx) => {
    const previous = (await tx.relayPubkey.findUnique({ where: { pubkey }, select: { trust: true } }))?.trust ?? "unknown";
    await tx.relayPubkey.upsert({
      where: { pubkey },
      create: { pubkey, trust: "blocked", note, updatedBy: actor },
      update: { trust: "blocked", note, updatedBy: actor },
    });
    const rows = await tx.relayEvent.updateManyAndReturn({
      where: { pubkey, status: { in: [...undecidedStatuses] } },
      data: { status: "rejected", reason: note ?? "author banned", decidedBy: actor, decidedAt: new Date() },
      select: { id: true },
    });
    await recordAudit(
      [
        { actor, action: "relay.author.ban", subject: `pubkey:${pubkey}`, detail: { rejected: rows.length, from: previous, ...(note && { reason: note }) } },
        ...rows.map(({ id }) => ({ actor, action: "relay.event.reject" as const, subject: `event:${id}`, detail: { reason: "author banned" } })),
      ],
      tx,
    );
    await recordPolicyChanges(tx, [{ pubkey, tier: "blocked" }]);
    return { rejected: rows.length, previous };
  });
  announcePolicyChange();
  return result;
}
