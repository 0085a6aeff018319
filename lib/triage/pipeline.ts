import type { CircuitBreaker } from "./circuit-breaker";
import type { DecisionInput, ItemTokens, RunRef } from "./record-decision";
import type { TriageSettings } from "./settings";
import type { ItemFailure, ItemVerdict, Pipeline } from "./verdicts";

export type RunContext = RunRef & { settings: TriageSettings; breaker: CircuitBreaker };

/** An item as loaded for the model: its key (flag URI, event id) and what the model sees. */
export type LoadedItem = { item: string; data: Record<string, unknown> };

/** The model's answer for one item of a call, with its share of the call's tokens. */
export type Answered = { item: string; answer: ItemVerdict | ItemFailure; tokens: ItemTokens };

/**
 * One queue the triage works on. `load` drops items that are no longer pending and
 * settles those needing no model (deleted content); `apply` acts on a call's
 * verdicts at once, recording each decision in the transaction of its action.
 */
export type TriagePipeline = {
  pipeline: Pipeline;
  load(run: RunContext, items: string[]): Promise<{ toModel: LoadedItem[]; settled: DecisionInput[] }>;
  apply(run: RunContext, answered: Answered[]): Promise<DecisionInput[]>;
};
