import Link from "next/link";
import { shortPubkey } from "@/lib/relay/views/pubkey-text";
import type { DecisionView } from "@/lib/triage/views/decision-view";
import type { Pipeline } from "@/lib/triage/verdicts";
import { detailHref } from "../flags/flag-table";
import { percent } from "../flags/format";
import { formatCount } from "../format";
import { OutcomeBadge } from "./outcome-style";
import { undoConsequence } from "./undo-consequence";
import { UndoButton } from "./undo-button";
import { DataTable } from "../data-table";

/** Where a moderator looks at the item itself. */
function itemLink(decision: DecisionView): { href: string; text: string } {
  if (decision.pipeline === "flags") return { href: detailHref(decision.item), text: decision.item.split("/").at(-1) ?? decision.item };
  return { href: "/relay", text: shortPubkey(decision.item) };
}

/** A run's items: what the model answered, why, and what was done; Undo on automatic actions. */
export function DecisionTable({ decisions, canUndo }: { decisions: DecisionView[]; canUndo: Record<Pipeline, boolean> }) {
  return (
    <DataTable caption="Items of this run, in the order they were decided" columns={["Item", "Verdict", "Confidence", "Reason", "Outcome", "Tokens", { srOnly: "Actions" }]}>
      {decisions.map((decision) => {
        const link = itemLink(decision);
        return (
          <tr key={decision.id} data-testid="decision-row" data-id={decision.id}>
            <td data-label={decision.pipeline === "flags" ? "Flag" : "Event"}>
              <Link href={link.href} title={decision.item} className="inline-flex min-h-11 items-center font-mono text-accent underline-offset-2 [overflow-wrap:anywhere] hover:underline">
                {link.text}
              </Link>
            </td>
            <td data-label="Verdict" className="font-mono">
              {decision.verdict ?? <span className="font-sans text-muted">none</span>}
            </td>
            <td data-label="Confidence" className="tabular-nums">
              {decision.confidence !== null ? percent(decision.confidence) : "—"}
            </td>
            <td data-label="Reason" className="max-w-md [overflow-wrap:anywhere]">
              {decision.reason ?? decision.error ?? "—"}
            </td>
            <td data-label="Outcome">
              <span>
                <OutcomeBadge outcome={decision.outcome} />
                {decision.undoneAt ? <span className="block text-xs text-muted">undone by {decision.undoneBy}</span> : null}
              </span>
            </td>
            <td data-label="Tokens" className="tabular-nums" title={`${decision.inputTokens} in · ${decision.outputTokens} out`}>
              {formatCount(decision.inputTokens + decision.outputTokens)}
            </td>
            <td data-label="Actions">
              {canUndo[decision.pipeline] && (decision.undoable || decision.undoneAt) ? (
                <UndoButton decisionId={decision.id} consequence={undoConsequence[decision.pipeline]} undone={decision.undoneAt !== null} />
              ) : null}
            </td>
          </tr>
        );
      })}
    </DataTable>
  );
}
