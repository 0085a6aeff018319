import type { Prisma } from "@/lib/db/generated/client";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { record, type Subject } from "./act-on-subjects";

type LockedSubject = Subject & { appealed: boolean };

/** Locks these subjects' rows for the rest of the transaction and reads them. */
async function lockSubjects(tx: Prisma.TransactionClient, ids: number[]): Promise<LockedSubject[]> {
  return tx.$queryRaw<LockedSubject[]>`
    SELECT id, key, kind, state::text AS state, author, claimed_by AS "claimedBy", claimed_until AS "claimedUntil", appealed
    FROM report_subjects WHERE id = ANY(${ids}::int[]) ORDER BY id FOR UPDATE`;
}

/**
 * Dismisses subjects for an automatic reviewer (the triage) exactly as a moderator's
 * dismiss does — state, history entry, audit entry — in one transaction holding their
 * row locks. Only subjects still open, not appealed and not claimed by someone are
 * dismissed: a moderator who got there first wins. `within` writes the caller's own
 * records of the dismissed subjects in the same transaction. Returns their ids.
 */
export async function dismissOpenSubjects(
  dismissals: { id: number; note: string }[],
  actor: string,
  within: (tx: Prisma.TransactionClient, dismissed: number[]) => Promise<void>,
): Promise<number[]> {
  if (dismissals.length === 0) return [];
  return db().$transaction(async (tx) => {
    const now = new Date();
    const noteOf = new Map(dismissals.map((entry) => [entry.id, entry.note.slice(0, 2000)]));
    const subjects = await lockSubjects(tx, [...noteOf.keys()]);
    const open = subjects.filter((subject) => subject.state === "open" && !subject.appealed && !(subject.claimedBy && subject.claimedUntil && subject.claimedUntil > now));
    for (const subject of open) {
      await record(tx, [subject], { action: "dismiss", ids: [subject.id], note: noteOf.get(subject.id), takeOver: false }, actor);
    }
    const dismissed = open.map((subject) => subject.id);
    await within(tx, dismissed);
    return dismissed;
  });
}

/**
 * Takes back an automatic dismissal inside the caller's transaction: the subject is
 * reopened as a moderator's reopen would (history and audit by `actor`). 409 when the
 * subject is not dismissed any more (a new report reopens it by itself) or its last
 * state change was not `dismissedBy`'s.
 */
export async function reopenDismissal(tx: Prisma.TransactionClient, subjectId: number, dismissedBy: string, actor: string, note: string): Promise<string> {
  const [subject] = await lockSubjects(tx, [subjectId]);
  if (!subject) throw new AppError("not_found", `No report subject ${subjectId}`);
  if (subject.state !== "dismissed") {
    throw new AppError("conflict", `Report subject ${subjectId} is ${subject.state} now, not dismissed; nothing to undo`);
  }
  const last = await tx.reportSubjectEvent.findFirst({ where: { subjectId, kind: "state" }, orderBy: { id: "desc" }, select: { actor: true } });
  if (last?.actor !== dismissedBy) {
    throw new AppError("conflict", `Report subject ${subjectId} was last dismissed by ${last?.actor ?? "someone else"}, not by ${dismissedBy}`);
  }
  await record(tx, [subject], { action: "reopen", ids: [subjectId], note, takeOver: false }, actor);
  return subject.key;
}
