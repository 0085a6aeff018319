import { db } from "@/lib/db";
import { approveAutomatically, flagForModerators } from "@/lib/relay/triage-decisions";
import type { Answered, RunContext, TriagePipeline } from "./pipeline";
import { decisionRow, type DecisionInput } from "./record-decision";
import { TRIAGE_ACTOR } from "./settings";
import { isVerdict } from "./verdicts";

const MAX_CONTENT_CHARS = 4000;
const MAX_TAGS = 20;

/**
 * Held Nostr events: a confident "approve" is auto_approved and delivered through
 * the outbox like a moderator's approval; "flag" marks it ai_flagged with the reason
 * and leaves it for a moderator. Nothing is ever rejected automatically.
 */
export const relayPipeline: TriagePipeline = {
  pipeline: "relay",

  async load(_run, ids) {
    const events = await db().relayEvent.findMany({
      where: { id: { in: ids }, status: "pending" },
      select: { id: true, pubkey: true, kind: true, createdAt: true, event: true },
    });
    const toModel = events.map((row) => {
      const event = row.event as { content?: unknown; tags?: unknown };
      return {
        item: row.id,
        data: {
          kind: row.kind,
          pubkey: row.pubkey,
          created_at: row.createdAt,
          content: typeof event.content === "string" ? event.content.slice(0, MAX_CONTENT_CHARS) : "",
          tags: Array.isArray(event.tags) ? event.tags.slice(0, MAX_TAGS) : [],
        },
      };
    });
    return { toModel, settled: [] };
  },

  async apply(run, answered) {
    const decided = answered.map((entry) => judge(run, entry));
    if (run.dryRun) return decided;
    const acting = (outcome: DecisionInput["outcome"]) => decided.filter((decision) => decision.outcome === outcome);
    const approved = await act(run, acting("auto_approved"), approveAutomatically);
    const flagged = await act(run, acting("ai_flagged"), flagForModerators);
    return [...decided.filter((decision) => decision.outcome !== "auto_approved" && decision.outcome !== "ai_flagged"), ...approved, ...flagged];
  },
};

function judge(run: RunContext, { item, answer, tokens }: Answered): DecisionInput {
  const decided = (outcome: DecisionInput["outcome"], note?: string): DecisionInput => ({ pipeline: "relay", item, outcome, answer, tokens, note });
  if (!isVerdict(answer)) return decided("left_pending");
  const approves = answer.verdict === "approve";
  run.breaker.observe("relay", approves);
  if (!approves) return decided("ai_flagged");
  if (answer.confidence < run.settings.autoConfidence) return decided("needs_human", "confidence below the automatic threshold");
  if (!run.breaker.allowAction()) return decided("held", run.breaker.tripped ?? undefined);
  return decided("auto_approved");
}

/** One statement for a call's approvals (or flags), recording the decisions of the events it changed. */
async function act(
  run: RunContext,
  decisions: DecisionInput[],
  action: typeof approveAutomatically,
): Promise<DecisionInput[]> {
  const reason = (decision: DecisionInput) => `AI triage: ${decision.answer && isVerdict(decision.answer) ? decision.answer.reason : ""}`;
  const changed = new Set(
    await action(decisions.map((decision) => ({ id: decision.item, reason: reason(decision) })), TRIAGE_ACTOR, async (tx, ids) => {
      const done = new Set(ids);
      await tx.triageDecision.createMany({ data: decisions.filter((d) => done.has(d.item)).map((d) => decisionRow(run, d)) });
    }),
  );
  return decisions.map((decision) =>
    changed.has(decision.item) ? { ...decision, recorded: true } : { ...decision, outcome: "left_pending", note: "no longer pending" },
  );
}
