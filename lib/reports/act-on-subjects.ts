import { z } from "zod";
import type { Prisma, ReportSubjectState } from "@/lib/db/generated/client";
import { recordAudit } from "@/lib/audit/record-audit";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { createLabels } from "@/lib/labels/create-labels";
import { labelInputSchema } from "@/lib/labels/label-input";

const ids = z.array(z.number().int().positive()).min(1, "must name at least one subject").max(100, "must name at most 100 subjects");
const note = z.string().trim().min(1).max(2000, "must be at most 2000 characters");

/** What a moderator does to one or several subjects from the inbox. */
export const subjectActionBodySchema = z.discriminatedUnion("action", [
  z.object({ action: z.enum(["dismiss", "escalate", "resolve", "reopen"]), ids, note: note.optional() }),
  z.object({ action: z.literal("comment"), ids, note }),
  // A label on each atproto subject, signed and streamed as any label; the subjects are resolved with it.
  z.object({ action: z.literal("label"), ids, val: labelInputSchema.shape.val, neg: z.boolean().default(false), note: note.optional() }),
]);

export type SubjectActionBody = z.infer<typeof subjectActionBodySchema>;
export type SubjectActionResult = { changed: number[]; skipped: { id: number; why: string }[] };

const targetState: Record<string, ReportSubjectState> = { dismiss: "dismissed", escalate: "escalated", resolve: "resolved", reopen: "open", label: "resolved" };

type Subject = { id: number; key: string; kind: string; state: ReportSubjectState };

/** The state change, history entry and audit entry of each subject, inside the caller's transaction. */
async function record(tx: Prisma.TransactionClient, subjects: Subject[], body: SubjectActionBody, actor: string): Promise<number[]> {
  const changed: number[] = [];
  for (const subject of subjects) {
    const to = targetState[body.action];
    const detail = { action: body.action, ...(body.note && { note: body.note }), ...(body.action === "label" && { val: body.val, neg: body.neg }) };
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
  return changed;
}

/**
 * Applies one action to several subjects: a state change (dismiss, escalate, resolve,
 * reopen), a comment, or a label (or its negation) on each atproto subject, written in
 * the label's own transaction with the subjects' history and audit entries. A subject
 * already in the target state, or a Nostr subject asked for a label, is skipped.
 */
export async function actOnSubjects(body: SubjectActionBody, actor: string): Promise<SubjectActionResult> {
  const found = await db().reportSubject.findMany({ where: { id: { in: body.ids } }, select: { id: true, key: true, kind: true, state: true } });
  const skipped: SubjectActionResult["skipped"] = body.ids.filter((id) => !found.some((subject) => subject.id === id)).map((id) => ({ id, why: "no such subject" }));
  let subjects = found;
  if (body.action === "label") {
    subjects = found.filter((subject) => subject.kind === "account" || subject.kind === "record");
    skipped.push(...found.filter((subject) => !subjects.includes(subject)).map(({ id }) => ({ id, why: "labels apply to Bluesky subjects only" })));
  } else if (body.action !== "comment") {
    subjects = found.filter((subject) => subject.state !== targetState[body.action]);
    skipped.push(...found.filter((subject) => !subjects.includes(subject)).map(({ id }) => ({ id, why: `already ${targetState[body.action]}` })));
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
  return { changed, skipped };
}
