import { db } from "@/lib/db";
import { recordAudit } from "@/lib/audit/record-audit";
import { AppError } from "@/lib/errors";
import { decideEvent } from "@/lib/relay/decide-event";
import type { RunContext, TriagePipeline } from "./pipeline";
import { recordDecision, type DecisionInput } from "./record-decision";
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

  async apply(run, id, answer, tokens) {
    const decided = (outcome: DecisionInput["outcome"], note?: string): DecisionInput => ({
      pipeline: "relay", item: id, outcome, answer, tokens, note,
    });
    if (!isVerdict(answer)) return decided("left_pending");
    const approves = answer.verdict === "approve";
    run.breaker.observe("relay", approves);
    if (!approves) return flag(run, decided("ai_flagged"), answer.reason);
    if (answer.confidence < run.settings.autoConfidence) return decided("needs_human", "confidence below the automatic threshold");
    if (!run.breaker.allowAction()) return decided("held", run.breaker.tripped ?? undefined);
    if (run.dryRun) return decided("auto_approved");
    const approved = decided("auto_approved");
    try {
      await decideEvent(id, "approve", TRIAGE_ACTOR, `AI triage: ${answer.reason}`, {
        automatic: true,
        within: (tx) => recordDecision(tx, run, approved),
      });
      return { ...approved, recorded: true };
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      return decided("left_pending", error.message);
    }
  },
};

/** Marks a still-pending event ai_flagged with the model's reason, with its decision record. */
async function flag(run: RunContext, decided: DecisionInput, reason: string): Promise<DecisionInput> {
  if (run.dryRun) return decided;
  return db().$transaction(async (tx) => {
    const { count } = await tx.relayEvent.updateMany({
      where: { id: decided.item, status: "pending" },
      data: { status: "ai_flagged", reason: `AI triage: ${reason}` },
    });
    if (count === 0) return { ...decided, outcome: "left_pending" as const, note: "no longer pending" };
    await recordDecision(tx, run, decided);
    await recordAudit({ actor: TRIAGE_ACTOR, action: "relay.event.ai_flag", subject: `event:${decided.item}`, detail: { reason } }, tx);
    return { ...decided, recorded: true };
  });
}
