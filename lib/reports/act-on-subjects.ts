import { z } from "zod";
import type { Prisma, ReportSubjectState } from "@/lib/db/generated/client";
import { recordAudit } from "@/lib/audit/record-audit";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { createLabels } from "@/lib/labels/create-labels";
import { labelInputSchema } from "@/lib/labels/label-input";
import { actOnNostrSubject, nostrActions, undoNostrAction } from "./nostr-subject-actions";
import { notifySubjectsChanged } from "./presence";
import { tellReporters, type ToldReporters } from "./tell-reporters";

const ids = z.array(z.number().int().positive()).min(1, "must name at least one subject").max(100, "must name at most 100 subjects");
const note = z.string().trim().min(1).max(2000, "must be at most 2000 characters");
/** Act although another moderator holds the claim (the claim passes to the actor). */
const takeOver = z.boolean().default(false);
/** Tell the Bluesky reporters the outcome by DM once the decision is made (opt-in). */
const tell = z.boolean().optional();

/** How long a claim lasts unless renewed (Ozone's assignments last 5 minutes too). */
export const CLAIM_LEASE_MS = 5 * 60_000;

/** What a moderator does to one or several subjects from the inbox. */
export const subjectActionBodySchema = z.discriminatedUnion("action", [
  z.object({ action: z.enum(["dismiss", "resolve"]), ids, note: note.optional(), takeOver, tellReporters: tell }),
  z.object({ action: z.enum(["escalate", "reopen"]), ids, note: note.optional(), takeOver, tellReporters: z.never({ error: "only resolve, dismiss and label tell the reporters an outcome" }).optional() }),
  z.object({ action: z.literal("comment"), ids, note, takeOver }),
  // A label on each atproto subject, signed and streamed as any label; the subjects are resolved with it.
  z.object({ action: z.literal("label"), ids, val: labelInputSchema.shape.val, neg: z.boolean().default(false), note: note.optional(), takeOver, tellReporters: tell }),
  // A lease on the subjects: others see who holds them and must take over to act.
  z.object({ action: z.enum(["claim", "release"]), ids, takeOver }),
  // Through the relay queue: reject a reported Nostr event, ban its author or a reported pubkey; or take either back.
  z.object({ action: z.enum(nostrActions), ids, note: note.optional(), takeOver }),
  z.object({ action: z.literal("undo"), of: z.enum(nostrActions, { error: `must be one of ${nostrActions.join(", ")}` }), ids, takeOver }),
]);

export type SubjectActionBody = z.infer<typeof subjectActionBodySchema>;
export type SubjectActionResult = { changed: number[]; skipped: { id: number; why: string }[]; told?: ToldReporters };

const targetState: Record<string, ReportSubjectState> = { dismiss: "dismissed", escalate: "escalated", resolve: "resolved", reopen: "open", label: "resolved" };

export type Subject = { id: number; key: string; kind: string; state: ReportSubjectState; author: string | null; claimedBy: string | null; claimedUntil: Date | null };

export const heldByOther = (subject: Subject, actor: string, now: Date) => subject.claimedBy !== null && subject.claimedBy !== actor && subject.claimedUntil !== null && subject.claimedUntil > now;

/** The state change, history entry and audit entry of each subject, inside the caller's transaction. */
export async function record(tx: Prisma.TransactionClient, subjects: Subject[], body: SubjectActionBody, actor: string): Promise<number[]> {
  const changed: number[] = [];
  for (const subject of subjects) {
    if (body.action === "claim" || body.action === "release") {
      if (await recordClaim(tx, subject, body.action, body.takeOver, actor)) changed.push(subject.id);
      continue;
    }
    const to = targetState[body.action];
    const detail = { action: body.action, ...("note" in body && body.note && { note: body.note }), ...(body.action === "label" && { val: body.val, neg: body.neg }), ...(heldByOther(subject, actor, new Date()) && { tookOverFrom: subject.claimedBy }) };
    if (body.action !== "comment") {
      await tx.reportSubjectEvent.create({ data: { subjectId: subject.id, kind: body.action === "label" ? "action" : "state", actor, detail: { ...detail, from: subject.state, to } } });
    } else {
      await tx.reportSubjectEvent.create({ data: { subjectId: subject.id, kind: "comment", actor, detail } });
    }
    if (to && to !== subject.state) {
      await tx.reportSubject.update({ where: { id: subject.id }, data: { state: to, ...(to === "open" && { openedAt: new Date() }), ...(to !== "open" && { appealed: false }) } });
    }
    await recordAudit({ actor, action: `reports.${body.action}`, subject: subject.key, detail: { ...detail, subjectId: subject.id, ...(to && { from: subject.state, to }) } }, tx);
    changed.push(subject.id);
  }
  await notifySubjectsChanged(tx, changed); // subject pages show it live, on commit
  return changed;
}

/**
 * Claims (or renews) a lease, or releases the actor's own, with a conditional UPDATE: of
 * two moderators claiming at once, one wins and the other is skipped. Returns false when
 * another moderator holds it (and takeOver is not set) or there is nothing to release.
 */
async function recordClaim(tx: Prisma.TransactionClient, subject: Subject, action: "claim" | "release", takeOver: boolean, actor: string): Promise<boolean> {
  const now = new Date();
  const free = { OR: [{ claimedBy: null }, { claimedBy: actor }, { claimedUntil: { lte: now } }] };
  const where = { id: subject.id, ...(takeOver ? {} : free) };
  const data = action === "claim" ? { claimedBy: actor, claimedUntil: new Date(now.getTime() + CLAIM_LEASE_MS) } : { claimedBy: null, claimedUntil: null };
  const { count } = await tx.reportSubject.updateMany({ where: action === "release" && !takeOver ? { id: subject.id, claimedBy: actor } : where, data });
  if (count === 0) return false;
  const detail = { action, ...(heldByOther(subject, actor, now) && { tookOverFrom: subject.claimedBy }), ...(data.claimedUntil && { until: data.claimedUntil.toISOString() }) };
  await tx.reportSubjectEvent.create({ data: { subjectId: subject.id, kind: "claim", actor, detail } });
  await recordAudit({ actor, action: `reports.${action}`, subject: subject.key, detail: { ...detail, subjectId: subject.id } }, tx);
  return true;
}

/**
 * Applies one action to several subjects: a state change (dismiss, escalate, resolve,
 * reopen), a comment, or a label (or its negation) on each atproto subject, written in
 * the label's own transaction with the subjects' history and audit entries. A subject
 * already in the target state, or a Nostr subject asked for a label, is skipped.
 */
export async function actOnSubjects(body: SubjectActionBody, actor: string): Promise<SubjectActionResult> {
  const found = await db().reportSubject.findMany({ where: { id: { in: body.ids } }, select: { id: true, key: true, kind: true, state: true, author: true, claimedBy: true, claimedUntil: true } });
  const skipped: SubjectActionResult["skipped"] = body.ids.filter((id) => !found.some((subject) => subject.id === id)).map((id) => ({ id, why: "no such subject" }));
  const now = new Date();
  let subjects = body.takeOver ? found : found.filter((subject) => !heldByOther(subject, actor, now));
  skipped.push(...found.filter((subject) => !subjects.includes(subject)).map((subject) => ({ id: subject.id, why: `claimed by ${subject.claimedBy}` })));
  if (body.action === "reject_event" || body.action === "ban_author" || body.action === "undo") {
    // The relay decides each subject on its own: one refusal never undoes the others.
    const changed: number[] = [];
    for (const subject of subjects) {
      const outcome = body.action === "undo" ? await undoNostrAction(subject, body.of, actor) : await actOnNostrSubject(subject, body.action, actor, body.note);
      if (outcome.changed) changed.push(subject.id);
      else skipped.push({ id: subject.id, why: outcome.why! });
    }
    if (changed.length === 0 && skipped.every((entry) => entry.why === "no such subject")) throw new AppError("not_found", "No such subject");
    await notifySubjectsChanged(db(), changed);
    return { changed, skipped };
  }
  if (body.action === "claim" || body.action === "release") {
    // Claims are decided by the conditional update itself (below).
  } else if (body.action === "label") {
    const bluesky = subjects.filter((subject) => subject.kind === "account" || subject.kind === "record");
    skipped.push(...subjects.filter((subject) => !bluesky.includes(subject)).map(({ id }) => ({ id, why: "labels apply to Bluesky subjects only" })));
    subjects = bluesky;
  } else if (body.action !== "comment") {
    const changing = subjects.filter((subject) => subject.state !== targetState[body.action]);
    skipped.push(...subjects.filter((subject) => !changing.includes(subject)).map(({ id }) => ({ id, why: `already ${targetState[body.action]}` })));
    subjects = changing;
  }
  if (subjects.length === 0) {
    if (skipped.length === body.ids.length && skipped.every((entry) => entry.why === "no such subject")) throw new AppError("not_found", "No such subject");
    return { changed: [], skipped };
  }

  let changed: number[] = [];
  if (body.action === "label") {
    const inputs = subjects.map((subject) => ({ uri: subject.key, val: body.val, neg: body.neg }));
    await createLabels(inputs, actor, body.note, { check: async (tx) => void (changed = await record(tx, subjects, body, actor)) });
  } else {
    changed = await db().$transaction((tx) => record(tx, subjects, body, actor));
  }
  if (body.action === "claim" || body.action === "release") {
    skipped.push(...subjects.filter((subject) => !changed.includes(subject.id)).map(({ id }) => ({ id, why: body.action === "claim" ? "claimed by someone else" : "not claimed by you" })));
  }
  if ("tellReporters" in body && body.tellReporters && changed.length > 0 && !(body.action === "label" && body.neg)) {
    // After the commit: a DM that fails never takes the decision back.
    return { changed, skipped, told: await tellReporters(changed, body.action === "dismiss" ? "dismissed" : "resolved", actor) };
  }
  return { changed, skipped };
}
