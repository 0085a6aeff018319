import { recordAudit } from "@/lib/audit/record-audit";
import { db } from "@/lib/db";
import type { Prisma, ReportSubjectState } from "@/lib/db/generated/client";
import type { ReviewDecision } from "@/lib/flags/flag-definition";
import { lockBatches, reopenBatches } from "@/lib/flags/settle-batches";
import type { UndoDecisionsBody } from "@/lib/flags/undo-decisions";
import { createLabels } from "@/lib/labels/create-labels";
import { heldByOther, record, type Subject, type SubjectActionBody } from "./act-on-subjects";
import { batchNote } from "./decide-subjects";
import { itemSubjectId, reportBatchOrThrow } from "./subject-batches";

/**
 * undone: the item is undecided again and the subject back where the decision found it
 * (`state`); changed: the item no longer holds this moderator's decision, or the subject
 * was acted on since (it stays as it is); claimed: another moderator holds the subject
 * (`by`); not_in_batch: no such item.
 */
export type SubjectUndoOutcome = { uri: string; outcome: "undone" | "changed" | "claimed" | "not_in_batch"; reopened?: true; state?: ReportSubjectState; by?: string };

type Tx = Prisma.TransactionClient;
type Item = { uri: string; decision: ReviewDecision };

/** The inbox action that puts a subject back in a state. */
const restoring: Record<ReportSubjectState, "reopen" | "escalate" | "resolve" | "dismiss"> = { open: "reopen", escalated: "escalate", resolved: "resolve", dismissed: "dismiss" };

class Changed extends Error {}

/**
 * Takes back a moderator's own decisions on a report batch. A decision that changed the
 * subject is reversed through the inbox's actions (the subject reopened, or returned to
 * the state it had, a label act's label negated), with history and audit; a later action
 * on the subject by anyone leaves it alone. A completed batch is open again.
 */
export async function undoSubjectDecisions(batchId: string, body: UndoDecisionsBody, actor: string): Promise<{ results: SubjectUndoOutcome[]; message: string }> {
  await reportBatchOrThrow(batchId);
  const results: SubjectUndoOutcome[] = [];
  for (const item of body.decisions) results.push({ uri: item.uri, ...(await undoOne(batchId, item, actor, body.reason)) });
  const undone = results.filter((r) => r.outcome === "undone").length;
  const kept = results.length - undone;
  return { results, message: `undid ${undone} decision${undone === 1 ? "" : "s"}` + (kept ? `, ${kept} no longer yours to undo` : "") };
}

async function undoOne(batchId: string, { uri, decision }: Item, actor: string, reason: string): Promise<Omit<SubjectUndoOutcome, "uri">> {
  const item = await db().reviewBatchItem.findUnique({ where: { batchId_uri: { batchId, uri } } });
  const subjectId = itemSubjectId(uri);
  const subject = subjectId ? await db().reportSubject.findUnique({ where: { id: subjectId }, select: { id: true, key: true, kind: true, state: true, author: true, claimedBy: true, claimedUntil: true } }) : null;
  if (!item || !subject) return { outcome: "not_in_batch" };
  if (item.decision !== decision || item.decidedBy !== actor || !item.decidedAt) return { outcome: "changed" };
  if (heldByOther(subject, actor, new Date())) return { outcome: "claimed", by: subject.claimedBy! };
  const note = batchNote(batchId, item.decidedAt);
  const write = (tx: Tx) => undecide(tx, batchId, { uri, decision }, subject, item.decidedAt!, note, actor, reason);
  try {
    const mine = await ownAction(db(), subject.id, note, actor);
    if (mine?.val) {
      // A label act's label is taken back in the same transaction as the rest.
      let state: ReportSubjectState | undefined;
      await createLabels([{ uri: subject.key, val: mine.val, neg: true }], actor, `undo: review batch ${batchId}`, { check: async (tx) => void (state = await write(tx)) });
      return { outcome: "undone", reopened: true, state };
    }
    const state = await db().$transaction(write);
    return { outcome: "undone", ...(state !== subject.state && { reopened: true }), state };
  } catch (error) {
    if (error instanceof Changed) return { outcome: "changed" };
    throw error;
  }
}

/** This decision's action on the subject (found by its note) when it is still the latest one: what it changed. */
async function ownAction(client: Tx, subjectId: number, note: string, actor: string): Promise<{ from: ReportSubjectState; val?: string } | null> {
  const last = await client.reportSubjectEvent.findFirst({ where: { subjectId, kind: { in: ["state", "action"] } }, orderBy: { id: "desc" } });
  const detail = (last?.detail ?? {}) as { note?: string; from?: ReportSubjectState; val?: string; neg?: boolean };
  if (!last || last.actor !== actor || detail.note !== note || !detail.from) return null;
  return { from: detail.from, ...(detail.val && !detail.neg && { val: detail.val }) };
}

/** Back to undecided, and the subject back to its state before the decision when that action is still the latest. */
async function undecide(tx: Tx, batchId: string, { uri, decision }: Item, subject: Subject, decidedAt: Date, note: string, actor: string, reason: string): Promise<ReportSubjectState> {
  await lockBatches(tx, [batchId]);
  const { count } = await tx.reviewBatchItem.updateMany({ where: { batchId, uri, decision, decidedBy: actor, decidedAt }, data: { decision: null, decidedBy: null, decidedAt: null } });
  if (count === 0) throw new Changed();
  const fresh = await tx.reportSubject.findUniqueOrThrow({ where: { id: subject.id } });
  const mine = decision === "defer" ? null : await ownAction(tx, subject.id, note, actor);
  const hasActed = decision !== "defer" && (await tx.reportSubjectEvent.count({ where: { subjectId: subject.id, actor, kind: { in: ["state", "action"] }, detail: { path: ["note"], equals: note } } })) > 0;
  // The batch acted and someone acted after it: their action stands, and so does this decision.
  if (hasActed && !mine) throw new Changed();
  let state = fresh.state;
  if (mine && mine.from !== fresh.state) {
    const body: SubjectActionBody = { action: restoring[mine.from], ids: [subject.id], note: `undo: review batch ${batchId}`, takeOver: false };
    await record(tx, [{ ...subject, state: fresh.state }], body, actor);
    state = mine.from;
  }
  await recordAudit({ actor, action: "reports.undecide", subject: subject.key, detail: { batch: batchId, decision, subjectId: subject.id, reason, ...(state !== fresh.state && { restored: state }) } }, tx);
  await reopenBatches(tx, [batchId], actor);
  return state;
}
