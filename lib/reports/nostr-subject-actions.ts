import type { Prisma, ReportSubjectState } from "@/lib/db/generated/client";
import { recordAudit } from "@/lib/audit/record-audit";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { banAuthor } from "@/lib/relay/ban-author";
import { decideEvent } from "@/lib/relay/decide-event";
import { overturnRejection } from "@/lib/relay/overturn-rejection";
import { setPubkeyTier, type PubkeyTier } from "@/lib/relay/trust";

export const nostrActions = ["reject_event", "ban_author"] as const;
export type NostrAction = (typeof nostrActions)[number];

type Subject = { id: number; key: string; kind: string; state: ReportSubjectState; author: string | null };
type Outcome = { changed: boolean; why?: string };
type ActionDetail = { action: NostrAction; eventId?: string; pubkey?: string; previousTier?: PubkeyTier; from?: ReportSubjectState; to?: ReportSubjectState };

const EVENT_PREFIX = "nostr:event:";
const PUBKEY_PREFIX = "nostr:pubkey:";

/** The relay event id of a Nostr event subject, the pubkey a ban would block. */
const eventIdOf = (subject: Subject) => (subject.kind === "nostr_event" ? subject.key.slice(EVENT_PREFIX.length) : null);
async function pubkeyOf(subject: Subject): Promise<string | null> {
  if (subject.kind === "nostr_pubkey") return subject.key.slice(PUBKEY_PREFIX.length);
  if (subject.kind !== "nostr_event") return null;
  // A service's report names the event only: the relay queue may know its author.
  return subject.author ?? (await db().relayEvent.findUnique({ where: { id: eventIdOf(subject)! }, select: { pubkey: true } }))?.pubkey ?? null;
}

/** The relay's refusals (not in the queue, already decided) are a skip, not a failure of the batch. */
async function relayStep<T>(step: () => Promise<T>): Promise<T | { why: string }> {
  try {
    return await step();
  } catch (error) {
    if (error instanceof AppError && error.code === "not_found") return { why: "not in the relay queue (Warden never held it)" };
    if (error instanceof AppError && (error.code === "conflict" || error.code === "invalid_request")) return { why: error.message };
    throw error;
  }
}
const failed = (value: unknown): value is { why: string } => typeof value === "object" && value !== null && "why" in value && Object.keys(value).length === 1;

/** The subject's history entry, state change and audit entry for a relay action that took effect. */
async function recordOnSubject(tx: Prisma.TransactionClient, subject: Subject, actor: string, detail: Record<string, unknown> & { action: string }, to: ReportSubjectState | null, note?: string) {
  const full = { ...detail, ...(note && { note }), ...(to && to !== subject.state && { from: subject.state, to }) };
  await tx.reportSubjectEvent.create({ data: { subjectId: subject.id, kind: "action", actor, detail: full as Prisma.InputJsonValue } });
  if (to && to !== subject.state) {
    await tx.reportSubject.update({ where: { id: subject.id }, data: { state: to, ...(to === "open" && { openedAt: new Date() }), ...(to !== "open" && { appealed: false }) } });
  }
  await recordAudit({ actor, action: `reports.${detail.action}` as "reports.undo", subject: subject.key, detail: { ...full, subjectId: subject.id } as never }, tx);
}

/**
 * Rejects a reported Nostr event through the relay queue (decideEvent: audited there
 * and reversible by overturnRejection), or bans its author or a reported pubkey
 * (banAuthor: tier blocked, waiting events rejected), then resolves the subject. The
 * relay's step and the subject's record are two transactions: the relay's own audit
 * entry stands even if the second fails.
 */
export async function actOnNostrSubject(subject: Subject, action: NostrAction, actor: string, note?: string): Promise<Outcome> {
  if (action === "reject_event") {
    const eventId = eventIdOf(subject);
    if (!eventId) return { changed: false, why: "rejecting applies to Nostr events only" };
    const done = await relayStep(() => decideEvent(eventId, "reject", actor, note ?? "rejected from the reports inbox"));
    if (failed(done)) return { changed: false, why: done.why };
    await db().$transaction((tx) => recordOnSubject(tx, subject, actor, { action, eventId }, "resolved", note));
    return { changed: true };
  }
  const pubkey = await pubkeyOf(subject);
  if (!pubkey) return { changed: false, why: subject.kind === "nostr_event" ? "the event's author is unknown" : "banning applies to Nostr subjects only" };
  const current = await db().relayPubkey.findUnique({ where: { pubkey }, select: { trust: true } });
  if (current?.trust === "blocked") return { changed: false, why: "the author is already blocked" };
  const done = await relayStep(() => banAuthor(pubkey, actor, note ?? "banned from the reports inbox"));
  if (failed(done)) return { changed: false, why: done.why };
  await db().$transaction((tx) => recordOnSubject(tx, subject, actor, { action, pubkey, previousTier: done.from, rejected: done.rejected }, "resolved", note));
  return { changed: true };
}

/**
 * Takes back the subject's latest reject or ban: the event is approved after all
 * (overturnRejection), or the author gets back the tier they had unless someone
 * changed it since; the subject returns to the state it was in when still resolved.
 */
export async function undoNostrAction(subject: Subject, of: NostrAction, actor: string): Promise<Outcome> {
  const events = await db().reportSubjectEvent.findMany({ where: { subjectId: subject.id, kind: "action" }, orderBy: { id: "desc" }, take: 50 });
  const target = events.find((event) => (event.detail as { action?: string } | null)?.action === of);
  if (!target) return { changed: false, why: `nothing to undo (no ${of.replace("_", " ")} on this subject)` };
  if (events.some((event) => event.id > target.id && (event.detail as { undoes?: string } | null)?.undoes === String(target.id))) return { changed: false, why: "already undone" };
  const detail = target.detail as ActionDetail;
  const back = subject.state === "resolved" && detail.from ? detail.from : null;

  if (of === "reject_event") {
    const done = await relayStep(() => overturnRejection(detail.eventId!, actor, "undo of a reject from the reports inbox"));
    if (failed(done)) return { changed: false, why: done.why };
    await db().$transaction((tx) => recordOnSubject(tx, subject, actor, { action: "undo", of, undoes: String(target.id), eventId: detail.eventId }, back));
    return { changed: true };
  }
  const pubkey = detail.pubkey!;
  const current = await db().relayPubkey.findUnique({ where: { pubkey }, select: { trust: true } });
  if (current?.trust !== "blocked") return { changed: false, why: `the author's tier changed since (now ${current?.trust ?? "unknown"})` };
  const previousTier = detail.previousTier ?? "unknown";
  await setPubkeyTier({ pubkey, tier: previousTier, note: "ban undone from the reports inbox" }, actor);
  await db().$transaction((tx) => recordOnSubject(tx, subject, actor, { action: "undo", of, undoes: String(target.id), pubkey, previousTier }, back));
  return { changed: true };
}
