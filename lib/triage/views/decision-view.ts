import type { TriageDecision } from "@/lib/db/generated/client";
import { isUndoable } from "../undo-decision";
import type { Pipeline } from "../verdicts";

/** One triage decision as the dashboard shows it (ids as strings, for JSON and React keys). */
export type DecisionView = {
  id: string;
  runId: string;
  pipeline: Pipeline;
  item: string;
  dryRun: boolean;
  verdict: string | null;
  confidence: number | null;
  reason: string | null;
  outcome: string;
  model: string;
  promptVersion: string;
  inputTokens: number;
  outputTokens: number;
  error: string | null;
  at: Date;
  undoneAt: Date | null;
  undoneBy: string | null;
  /** As far as the decision goes; the item may have moved on since (the undo then answers 409). */
  undoable: boolean;
};

export function toDecisionView(row: TriageDecision): DecisionView {
  return { ...row, id: row.id.toString(), pipeline: row.pipeline as Pipeline, undoable: isUndoable(row) };
}
