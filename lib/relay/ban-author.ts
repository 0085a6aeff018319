import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { announcePolicyChange, recordPolicyChanges } from "./policy-changes";
import { undecidedStatuses } from "./queue-item";
import { assertPubkey, MAX_NOTE_LENGTH } from "./trust";
import { recordAudit } from "@/lib/audit/record-audit";

/**
 * Blocks an author and rejects every event of theirs still waiting, in one
 * transaction: one audit entry for the ban and one per rejected event.
 */
export async function banAuthor(pubkey: string, actor: string, reason?: string): Promise<{ rejected: number }> {
  assertPubkey(pubkey);
  const note = reason?.trim() || null;
  if (note && note.length > MAX_NOTE_LENGTH) throw new AppError("invalid_request", `reason must be at most ${MAX_NOTE_LENGTH} characters`);
  const rejected = await db().$transaction(async (tx) => {
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
        { actor, action: "relay.author.ban", subject: `pubkey:${pubkey}`, detail: { rejected: rows.length, ...(note && { reason: note }) } },
        ...rows.map(({ id }) => ({ actor, action: "relay.event.reject" as const, subject: `event:${id}`, detail: { reason: "author banned" } })),
      ],
      tx,
    );
    await recordPolicyChanges(tx, [{ pubkey, tier: "blocked" }]);
    return rows.length;
  });
  announcePolicyChange();
  return { rejected };
}
