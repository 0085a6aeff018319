import { z } from "zod";
import { recordAudit } from "@/lib/audit/record-audit";
import type { Action } from "@/lib/auth/permissions";
import { db } from "@/lib/db";
import type { Prisma, TriageDecision } from "@/lib/db/generated/client";
import { AppError } from "@/lib/errors";
import { FLAG_VAL } from "@/lib/flags/flag-definition";
import { loadFlags, type Flag } from "@/lib/flags/load-flags";
import { createLabels } from "@/lib/labels/create-labels";
import { reopenDismissal } from "@/lib/reports/automatic-dismissal";
import { announcePolicyChange } from "@/lib/relay/policy-changes";
import { reopenAutoApproval, type ReopenedDelivery } from "@/lib/relay/reopen-auto-approval";
import { TRIAGE_ACTOR } from "./settings";
import { pipelines, type Outcome, type Pipeline } from "./verdicts";

/** The automatic actions an undo takes back; routing an item to a human changed nothing to undo. */
export const undoableOutcomes = {
  flags: ["auto_resolved", "content_deleted"],
  relay: ["auto_approved"],
  reports: ["auto_dismissed"],
} as const satisfies Record<Pipeline, readonly Outcome[]>;

/** Who may undo a decision of each pipeline: whoever may make that decision by hand. */
export const undoPermission = { flags: "flags:review", relay: "relay:decide", reports: "reports:review" } as const satisfies Record<Pipeline, Action>;

type DecisionState = Pick<TriageDecision, "pipeline" | "outcome" | "dryRun" | "undoneAt">;

export function isUndoable(decision: DecisionState): boolean {
  const outcomes: readonly string[] = undoableOutcomes[decision.pipeline as Pipeline] ?? [];
  return !decision.dryRun && decision.undoneAt === null && outcomes.includes(decision.outcome);
}

const MAX_BIGINT = 2n ** 63n - 1n;

/** A decision id as it appears in a URL. */
export const decisionIdParam = z
  .string()
  .regex(/^\d{1,19}$/, "decision id must be a positive integer")
  .transform((text) => BigInt(text))
  .pipe(z.bigint().min(1n, "decision id must be a positive integer").max(MAX_BIGINT, "decision id is too large"));

export type UndoResult = {
  decision: { id: string; runId: string; pipeline: Pipeline; item: string; outcome: string; undoneAt: Date; undoneBy: string };
  /** flags: the labels that put the flag back in force. */
  labels?: { seq: number; cid?: string }[];
  /** relay: what became of the delivery; "delivered" means the relay keeps its copy. */
  delivery?: ReopenedDelivery;
  message: string;
};

export type UndoOptions = {
  /** Called with the decision's pipeline before anything changes; throw to refuse. */
  authorize?: (pipeline: Pipeline) => void;
};

/**
 * Takes back an automatic action of the triage: a resolved flag is flagged again
 * (new positive labels), an auto-approved event goes back to pending, a dismissed
 * report subject is reopened. 404 without
 * the decision, 409 when it is not undoable or the item moved on since. The
 * decision is marked undone with a conditional update in the same transaction,
 * so of two undos one wins and the other gets 409.
 */
export async function undoDecision(decisionId: bigint | string, actor: string, options: UndoOptions = {}): Promise<UndoResult> {
  const id = parseDecisionId(decisionId);
  const decision = await db().triageDecision.findUnique({ where: { id } });
  if (!decision) throw new AppError("not_found", `No triage decision ${id}`);
  const pipeline = decision.pipeline as Pipeline;
  if (!pipelines.includes(pipeline)) throw new AppError("conflict", `Decision ${id} is of an unknown pipeline (${decision.pipeline})`);
  options.authorize?.(pipeline);
  assertUndoable(decision);
  const undo = { flags: undoFlagResolution, relay: undoAutoApproval, reports: undoDismissal }[pipeline];
  return undo(decision, actor);
}

function parseDecisionId(value: bigint | string): bigint {
  if (typeof value === "bigint") return value;
  const parsed = decisionIdParam.safeParse(value);
  if (!parsed.success) throw new AppError("invalid_request", parsed.error.issues[0]?.message ?? "invalid decision id");
  return parsed.data;
}

function assertUndoable(decision: TriageDecision): void {
  const { id, outcome } = decision;
  if (decision.dryRun) throw new AppError("conflict", `Decision ${id} was made in a dry run: it changed nothing, so there is nothing to undo`);
  if (decision.undoneAt) throw new AppError("conflict", `Decision ${id} was already undone by ${decision.undoneBy}`);
  if (!isUndoable(decision)) {
    throw new AppError("conflict", `Decision ${id} (${outcome}) took no automatic action; only ${Object.values(undoableOutcomes).flat().join(", ")} can be undone`);
  }
}

async function markUndone(tx: Prisma.TransactionClient, decision: TriageDecision, actor: string, at: Date): Promise<void> {
  const { count } = await tx.triageDecision.updateMany({ where: { id: decision.id, undoneAt: null }, data: { undoneAt: at, undoneBy: actor } });
  if (count === 0) throw new AppError("conflict", `Decision ${decision.id} was already undone`);
}

const auditDetail = (decision: TriageDecision) => ({
  decision: decision.id.toString(),
  run: decision.runId,
  outcome: decision.outcome,
  verdict: decision.verdict,
});

async function undoFlagResolution(decision: TriageDecision, actor: string): Promise<UndoResult> {
  const uri = decision.item;
  const at = new Date();
  const before = negatedByTriage(await loadFlags([uri]), uri);
  const labels = await createLabels(
    before.map((flag) => ({ uri, val: FLAG_VAL, cid: flag.cid || undefined })),
    actor,
    `undo triage decision ${decision.id}`,
    {
      // Under the label write lock: the flag is still as the triage left it, and this undo is the first.
      async check(tx) {
        await markUndone(tx, decision, actor, at);
        const now = negatedByTriage(await loadFlags([uri], FLAG_VAL, tx), uri);
        if (keys(now) !== keys(before)) throw new AppError("conflict", `The flag on ${uri} changed while undoing; try again`);
        await tx.subjectContext.updateMany({
          where: { uri },
          data: { resolutionReason: null, resolutionNotes: null, resolvedBy: null, resolvedAt: null },
        });
        await recordAudit({ actor, action: "triage.undo", subject: uri, detail: auditDetail(decision) }, tx);
      },
    },
  );
  return {
    decision: undone(decision, actor, at),
    labels: labels.map((label) => ({ seq: label.seq, ...(label.cid && { cid: label.cid }) })),
    message: `The flag on ${uri} is pending again`,
  };
}

/**
 * The heads the triage's resolution negated: negated now, resolved last by the
 * triage, and emitted in the latest negation batch (one cts), so a head a
 * moderator cleared earlier stays cleared.
 */
function negatedByTriage(flags: Flag[], uri: string): Flag[] {
  if (flags.length === 0) throw new AppError("not_found", `No ${FLAG_VAL} flag on ${uri}`);
  const negated = flags.filter((flag) => flag.status === "resolved");
  if (negated.length === 0) {
    const why = flags.some((flag) => flag.status === "pending") ? "it was flagged again" : "it has expired";
    throw new AppError("conflict", `The flag on ${uri} is not resolved any more (${why}); nothing to undo`);
  }
  const resolvedBy = negated[0]!.context?.resolvedBy;
  if (resolvedBy && resolvedBy !== TRIAGE_ACTOR) {
    throw new AppError("conflict", `The flag on ${uri} was last resolved by ${resolvedBy}, not by the triage`);
  }
  const latest = Math.max(...negated.map((flag) => flag.headAt.getTime()));
  return negated.filter((flag) => flag.headAt.getTime() === latest);
}

const keys = (flags: Flag[]) => flags.map((flag) => `${flag.cid}@${flag.headSeq}`).sort().join(" ");

async function undoAutoApproval(decision: TriageDecision, actor: string): Promise<UndoResult> {
  const id = decision.item;
  const at = new Date();
  const delivery = await db().$transaction(async (tx) => {
    await markUndone(tx, decision, actor, at);
    const outcome = await reopenAutoApproval(tx, id);
    const note = outcome === "delivered" ? { note: "already delivered: the relay keeps its copy; Warden cannot recall it" } : {};
    await recordAudit({ actor, action: "triage.undo", subject: `event:${id}`, detail: { ...auditDetail(decision), delivery: outcome, ...note } }, tx);
    return outcome;
  });
  announcePolicyChange();
  const message =
    delivery === "delivered"
      ? `Event ${id} is pending again, but the relay already had it: it keeps its copy, Warden cannot recall it`
      : `Event ${id} is pending again${delivery === "cancelled" ? "; its delivery was cancelled" : ""}`;
  return { decision: undone(decision, actor, at), delivery, message };
}

async function undoDismissal(decision: TriageDecision, actor: string): Promise<UndoResult> {
  const subjectId = Number(decision.item);
  const at = new Date();
  await db().$transaction(async (tx) => {
    await markUndone(tx, decision, actor, at);
    const key = await reopenDismissal(tx, subjectId, TRIAGE_ACTOR, actor, `undo triage decision ${decision.id}`);
    await recordAudit({ actor, action: "triage.undo", subject: key, detail: { ...auditDetail(decision), subjectId } }, tx);
  });
  return { decision: undone(decision, actor, at), message: `Report subject ${subjectId} is open again` };
}

function undone(decision: TriageDecision, actor: string, at: Date): UndoResult["decision"] {
  const { runId, item, outcome } = decision;
  return { id: decision.id.toString(), runId, pipeline: decision.pipeline as Pipeline, item, outcome, undoneAt: at, undoneBy: actor };
}
