import type { Prisma, ReportSubjectState } from "@/lib/db/generated/client";
import { tokenFromHeaders } from "@/lib/auth/authenticate";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";

/** A viewer who stops sending heartbeats (a closed laptop, a lost network) is gone after this. */
export const PRESENCE_TTL_MS = 30_000;
/** How often an open subject page renews its presence: twice per TTL, so one lost beat is harmless. */
export const PRESENCE_HEARTBEAT_MS = 15_000;
/** NOTIFY channel: the payload is the id of a subject whose viewers, claim or history changed. */
export const REPORTS_CHANNEL = "warden_reports";

/** What a subject page shows live: who else has it open, who holds it, its state and latest history entry. */
export type SubjectLive = {
  id: number;
  state: ReportSubjectState;
  viewers: { moderator: string; until: string }[];
  claim: { by: string; until: string } | null;
  /** The id of the newest history entry: when it changes the page re-reads the history. */
  lastEvent: string | null;
};

/** Tells every instance's live streams that these subjects changed; inside a transaction, on commit. */
export async function notifySubjectsChanged(tx: Prisma.TransactionClient, ids: number[]): Promise<void> {
  for (const id of new Set(ids)) await tx.$executeRaw`SELECT pg_notify(${REPORTS_CHANNEL}, ${String(id)})`;
}

/**
 * Records that `moderator` has the subject open until now + TTL (a heartbeat), and drops
 * every expired row on the way (the index on expires_at keeps that cheap). Only a new or
 * revived presence notifies: a steady heartbeat changes nothing anyone sees.
 */
export async function markViewing(subjectId: number, moderator: string, now = new Date()): Promise<SubjectLive> {
  const expiresAt = new Date(now.getTime() + PRESENCE_TTL_MS);
  await db().$transaction(async (tx) => {
    const subject = await tx.reportSubject.findUnique({ where: { id: subjectId }, select: { id: true } });
    if (!subject) throw new AppError("not_found", `No report subject ${subjectId}`);
    const before = await tx.reportPresence.findUnique({ where: { subjectId_moderator: { subjectId, moderator } } });
    await tx.reportPresence.deleteMany({ where: { expiresAt: { lte: now } } });
    await tx.reportPresence.upsert({ where: { subjectId_moderator: { subjectId, moderator } }, create: { subjectId, moderator, expiresAt }, update: { expiresAt } });
    if (!before || before.expiresAt <= now) await notifySubjectsChanged(tx, [subjectId]);
  });
  return (await subjectLive(subjectId, now))!;
}

/** The moderator closed the subject page: gone at once rather than at expiry. */
export async function leaveSubject(subjectId: number, moderator: string): Promise<void> {
  await db().$transaction(async (tx) => {
    const { count } = await tx.reportPresence.deleteMany({ where: { subjectId, moderator } });
    if (count > 0) await notifySubjectsChanged(tx, [subjectId]);
  });
}

/** The subject's live view at `now` (expired presences and claims left out); null when there is no such subject. */
export async function subjectLive(subjectId: number, now = new Date()): Promise<SubjectLive | null> {
  const subject = await db().reportSubject.findUnique({
    where: { id: subjectId },
    select: {
      id: true,
      state: true,
      claimedBy: true,
      claimedUntil: true,
      viewers: { where: { expiresAt: { gt: now } }, orderBy: { moderator: "asc" }, select: { moderator: true, expiresAt: true } },
      events: { orderBy: { id: "desc" }, take: 1, select: { id: true } },
    },
  });
  if (!subject) return null;
  const claimed = subject.claimedBy !== null && subject.claimedUntil !== null && subject.claimedUntil > now;
  return {
    id: subject.id,
    state: subject.state,
    viewers: subject.viewers.map((viewer) => ({ moderator: viewer.moderator, until: viewer.expiresAt.toISOString() })),
    claim: claimed ? { by: subject.claimedBy!, until: subject.claimedUntil!.toISOString() } : null,
    lastEvent: subject.events[0]?.id.toString() ?? null,
  };
}

/** When the view next changes on its own (a presence or the claim expiring), in ms from now; null when never. */
export function nextExpiry(live: SubjectLive, now = Date.now()): number | null {
  const times = [...live.viewers.map((viewer) => viewer.until), ...(live.claim ? [live.claim.until] : [])].map((at) => Date.parse(at) - now);
  return times.length > 0 ? Math.max(0, Math.min(...times)) : null;
}

/**
 * Presence is a person with the page open: a signed-in session, never a token in the
 * headers (a script holding a token would show as a moderator looking at the subject).
 */
export function viewerName(request: Request, principal: { name: string }): string {
  if (tokenFromHeaders(request.headers) !== null) throw new AppError("forbidden", "Presence is for signed-in moderators; tokens cannot hold it");
  return principal.name;
}
