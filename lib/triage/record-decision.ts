import type { Prisma } from "@/lib/db/generated/client";
import { isVerdict, type ItemFailure, type ItemVerdict, type Outcome, type Pipeline } from "./verdicts";

/** The run an item was decided in, as every decision row repeats it. */
export type RunRef = { runId: string; dryRun: boolean; model: string; promptVersion: string };

export type ItemTokens = { inputTokens: number; outputTokens: number };

export type DecisionInput = {
  pipeline: Pipeline;
  item: string;
  outcome: Outcome;
  answer: ItemVerdict | ItemFailure | null;
  tokens: ItemTokens;
  /** Why the outcome differs from the verdict (e.g. the item changed meanwhile). */
  note?: string;
  /** Already written, in the transaction that acted on the item. */
  recorded?: boolean;
};

export function decisionRow(run: RunRef, input: DecisionInput): Prisma.TriageDecisionCreateManyInput {
  const verdict = input.answer && isVerdict(input.answer) ? input.answer : null;
  const failure = input.answer && !isVerdict(input.answer) ? input.answer.error : undefined;
  return {
    runId: run.runId,
    dryRun: run.dryRun,
    model: run.model,
    promptVersion: run.promptVersion,
    pipeline: input.pipeline,
    item: input.item,
    outcome: input.outcome,
    verdict: verdict?.verdict ?? null,
    confidence: verdict?.confidence ?? null,
    reason: verdict?.reason ?? null,
    inputTokens: input.tokens.inputTokens,
    outputTokens: input.tokens.outputTokens,
    error: failure ?? input.note ?? null,
  };
}

/** Writes one decision inside the transaction that acted on it. */
export async function recordDecision(tx: Prisma.TransactionClient, run: RunRef, input: DecisionInput): Promise<void> {
  await tx.triageDecision.create({ data: decisionRow(run, input) });
}
