import Link from "next/link";
import type { DecisionView } from "@/lib/triage/views/decision-view";
import { percent } from "../flags/format";
import { Timestamp } from "../timestamp";
import { OutcomeBadge } from "./outcome-style";
import { undoConsequence } from "./undo-consequence";
import { UndoButton } from "./undo-button";

/** The latest AI decision on an item, in one line: "AI: verdict · reason · confidence", with Undo where allowed. */
export function AiDecisionLine({ decision, canUndo, refresh }: { decision: DecisionView; canUndo: boolean; refresh?: boolean }) {
  const parts = [decision.verdict ?? "no valid answer", decision.reason, decision.confidence !== null ? percent(decision.confidence) : null];
  return (
    <div className="mt-3 rounded-lg border border-line bg-surface-raised px-3 py-2 text-sm" data-testid="ai-decision" data-outcome={decision.outcome}>
      <p className="[overflow-wrap:anywhere]">
        <span className="font-semibold">AI: </span>
        {parts.filter(Boolean).join(" · ")}
      </p>
      <div className="flex flex-wrap items-center gap-x-3 gap-y-1 text-muted">
        <OutcomeBadge outcome={decision.outcome} />
        <Timestamp date={decision.at} />
        <Link href={`/triage/runs/${decision.runId}`} className="inline-flex min-h-11 items-center text-accent underline underline-offset-2">
          See the run
        </Link>
        {decision.undoneAt ? <span data-testid="ai-undone">Undone by {decision.undoneBy}</span> : null}
        {canUndo && (decision.undoable || decision.undoneAt) ? (
          <div className="ml-auto text-foreground">
            <UndoButton decisionId={decision.id} consequence={undoConsequence[decision.pipeline]} undone={decision.undoneAt !== null} refresh={refresh} />
          </div>
        ) : null}
      </div>
    </div>
  );
}
