import { recordAudit } from "@/lib/audit/record-audit";
import { db } from "@/lib/db";
import type { Prisma, ReportSubjectState } from "@/lib/db/generated/client";
import type { ReviewDecision } from "@/lib/flags/flag-definition";
import { completeBatches } from "@/lib/flags/settle-batches";
import { submitToBatch } from "@/lib/flags/submit-to-batch";
import { sortOut, type DecisionOutcome, type SkippedDecision, type SubmitDecisionsBody } from "@/lib/flags/submit-decisions";
import { logger } from "@/lib/log";
import { heldByOther, record, type Subject, type SubjectActionBody } from "./act-on-subjects";
import { decisionState, itemSubjectId, reportBatchOrThrow, type BatchAct } from "./subject-batches";

/** A flag batch's per-item result, plus the subject's review state after it. */
export type SubjectDecisionResult = {
  uri: string;
  decision: ReviewDecision;
  outcome: DecisionOutcome;
  decided: { decision: ReviewDecision; by: string; at: string };
  state: ReportSubjectState;
};
/** As a flag batch's skips, and `claimed`: another moderator holds the subject (`by`); the item stays undecided. */
export type SubjectSkippedDecision = Omit<SkippedDecision, "reason"> & { reason: SkippedDecision["reason"] | "claimed"; by?: string };

export type SubjectSubmitResult = {
  message: string;
  status: "pending" | "completed";
  reviewed: number;
  total: number;
  results: SubjectDecisionResult[];
  skipped: SubjectSkippedDecision[];
};

type Tx = Prisma.TransactionClient;
type Decision = { uri: string; decision: ReviewDecision };
type Planned = Decision & { outcome: DecisionOutcome; subject: Subject | null };
type Plan = { results: Planned[]; skipped: SubjectSkippedDecision[] };

/** The note on the subject's history: names the batch and the decision's moment, by which undo finds its own action. */
export const batchNote = (batchId: string, at: Date) => `review batch ${batchId}, decided ${at.toISOString()}`;

const subjectSelect = { id: true, key: true, kind: true, state: true, author: true, claimedBy: true, claimedUntil: true } as const;

/**
 * Records a moderator's decisions on a report batch and applies each through the inbox's
 * own action code (lib/reports/act-on-subjects.ts: history, audit, live pages): dismiss,
 * the batch's act, or nothing for "decide later". As for flags, the first decision on an
 * item wins, a resend changes nothing and a later different one is a conflict; a subject
 * another moderator has claimed is skipped, its item left undecided. A label act signs
 * the labels first and writes everything in the labels' transaction.
 */
export async function decideSubjects(batchId: string, body: SubmitDecisionsBody, actor: string): Promise<SubjectSubmitResult> {
  const { act } = await reportBatchOrThrow(batchId);
  const { decisions, skipped } = sortOut(body.decisions);
  const applied = await submitToBatch(batchId, actor, {
    plan: (client) => plan(client, batchId, decisions, actor),
    labels: (planned) => labelsOf(planned, act),
    apply: (tx, fresh) => apply(tx, batchId, fresh, act, actor),
    reason: `review batch ${batchId}`,
  });
  const all = [...skipped, ...applied.skipped];
  if (all.length) logger.warn({ batch: batchId, actor, skipped: all.slice(0, 50), skippedCount: all.length }, "report batch submission: decisions skipped");
  return summarise(batchId, applied, body.decisions.length, all);
}

async function plan(client: Tx, batchId: string, decisions: Decision[], actor: string): Promise<Plan> {
  const items = await client.reviewBatchItem.findMany({ where: { batchId, uri: { in: decisions.map((d) => d.uri) } } });
  const byUri = new Map(items.map((item) => [item.uri, item]));
  const ids = items.map((item) => itemSubjectId(item.uri)).filter((id) => id !== null);
  const subjects = new Map((await client.reportSubject.findMany({ where: { id: { in: ids } }, select: subjectSelect })).map((s) => [s.id, s]));
  const now = new Date();
  const results: Planned[] = [];
  const skipped: SubjectSkippedDecision[] = [];
  for (const { uri, decision } of decisions) {
    const item = byUri.get(uri);
    const subject = subjects.get(itemSubjectId(uri) ?? 0) ?? null;
    if (!item || !subject) skipped.push({ uri, decision, reason: "not_in_batch" });
    else if (item.decision !== null) results.push({ uri, decision, subject, outcome: item.decision === decision && item.decidedBy === actor ? "unchanged" : "conflict" });
    else if (heldByOther(subject, actor, now)) skipped.push({ uri, decision, reason: "claimed", by: subject.claimedBy! });
    else results.push({ uri, decision, subject, outcome: "applied" });
  }
  return { results, skipped };
}

/** A label act's labels: one on each subject whose first decision here is "confirm". */
const labelsOf = (plan: Plan, act: BatchAct) =>
  act.action === "label" ? plan.results.filter((r) => r.outcome === "applied" && r.decision === "confirm").map((r) => ({ uri: r.subject!.key, val: act.val })) : [];

/** The inbox action a decision is, or null when it changes nothing on the subject. */
function actionOf(decision: ReviewDecision, subject: Subject, act: BatchAct, note: string): SubjectActionBody | null {
  if (decision === "defer") return null;
  const common = { ids: [subject.id], note, takeOver: false };
  if (decision === "confirm" && act.action === "label") return { ...common, action: "label", val: act.val, neg: false };
  // Already there (someone acted in the inbox meanwhile): the decision is recorded, the history is not repeated.
  if (subject.state === decisionState(decision, act)) return null;
  if (decision === "clear") return { ...common, action: "dismiss" };
  return { ...common, action: act.action === "escalate" ? "escalate" : "resolve" };
}

async function apply(tx: Tx, batchId: string, plan: Plan, act: BatchAct, actor: string): Promise<void> {
  const at = new Date();
  for (const { uri, decision, subject } of plan.results.filter((r) => r.outcome === "applied")) {
    await tx.reviewBatchItem.updateMany({ where: { batchId, uri, decision: null }, data: { decision, decidedBy: actor, decidedAt: at } });
    const action = actionOf(decision, subject!, act, batchNote(batchId, at));
    if (action) await record(tx, [subject!], action, actor);
    await recordAudit({ actor, action: "reports.decide", subject: subject!.key, detail: { batch: batchId, decision, subjectId: subject!.id } }, tx);
  }
  await completeBatches(tx, [batchId], actor, at);
}

async function summarise(batchId: string, plan: Plan, count: number, skipped: SubjectSkippedDecision[]): Promise<SubjectSubmitResult> {
  const [batch, items] = await Promise.all([
    db().reviewBatch.findUniqueOrThrow({ where: { id: batchId }, select: { status: true } }),
    db().reviewBatchItem.findMany({ where: { batchId }, select: { uri: true, decision: true, decidedBy: true, decidedAt: true } }),
  ]);
  const states = new Map((await db().reportSubject.findMany({ where: { id: { in: plan.results.map((r) => r.subject!.id) } }, select: { id: true, state: true } })).map((s) => [s.id, s.state]));
  const byUri = new Map(items.map((item) => [item.uri, item]));
  const applied = plan.results.filter((r) => r.outcome === "applied").length;
  const conflicts = plan.results.filter((r) => r.outcome === "conflict").length;
  return {
    message:
      `processed ${count} decisions, applied ${applied}` +
      (conflicts ? `, ${conflicts} already decided by someone else` : "") +
      (skipped.length ? `, skipped ${skipped.length}` : ""),
    status: batch.status,
    reviewed: items.filter((item) => item.decision !== null).length,
    total: items.length,
    results: plan.results.map(({ uri, decision, outcome, subject }) => {
      const item = byUri.get(uri)!;
      return { uri, decision, outcome, decided: { decision: item.decision!, by: item.decidedBy!, at: item.decidedAt!.toISOString() }, state: states.get(subject!.id) ?? subject!.state };
    }),
    skipped,
  };
}
