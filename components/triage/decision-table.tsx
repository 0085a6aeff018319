import Link from "next/link";
import { shortPubkey } from "@/lib/relay/views/pubkey-text";
import { shortReason } from "@/lib/reports/reason-types";
import { eventHref } from "@/lib/relay/views/event-href";
import type { RunItemView } from "@/lib/triage/views/run-item-evidence";
import type { Pipeline } from "@/lib/triage/verdicts";
import { detailHref } from "../flags/flag-table";
import { percent } from "../flags/format";
import { MatchList } from "../flags/match-list";
import { formatCount } from "../format";
import { OutcomeBadge } from "./outcome-style";
import { undoConsequence } from "./undo-consequence";
import { UndoButton } from "./undo-button";
import { DataTable } from "../data-table";

const linkClass = "font-medium text-accent underline-offset-2 [overflow-wrap:anywhere] hover:underline";

/** A report subject: what was reported, linked to the inbox (by its author when known), its state and reasons now. */
function ReportCell({ decision }: { decision: RunItemView }) {
  const report = decision.report;
  const href = report ? `/reports?${new URLSearchParams({ state: report.state, ...(report.author && { author: report.author }) })}` : "/reports";
  return (
    <div className="min-w-0 space-y-1" data-testid="run-item-report">
      <Link href={href} title={report?.key ?? `subject ${decision.item}`} className={`inline-flex min-h-11 items-center font-mono text-sm ${linkClass}`}>
        {report?.key ?? `subject ${decision.item}`}
      </Link>
      {report ? (
        <p className="text-sm text-muted [overflow-wrap:anywhere]">
          {report.kind.replace("_", " ")} · {report.state} now · {formatCount(report.reportCount)} report{report.reportCount === 1 ? "" : "s"}
          {report.reasonTypes.length > 0 ? ` · ${report.reasonTypes.map(shortReason).join(", ")}` : null}
        </p>
      ) : null}
    </div>
  );
}

/** The item as a decision needs it: the flag's track, uploader, score and matches, the event's text, or the report subject. */
function ItemCell({ decision }: { decision: RunItemView }) {
  if (decision.pipeline === "reports") return <ReportCell decision={decision} />;
  if (decision.pipeline === "flags") {
    const flag = decision.flag;
    return (
      <div className="min-w-0 space-y-1" data-testid="run-item-flag">
        <Link href={detailHref(decision.item)} title={decision.item} className={`inline-flex min-h-11 items-center ${linkClass}`}>
          {flag?.title ?? decision.item.split("/").at(-1)}
        </Link>
        {flag ? (
          <p className="text-sm text-muted [overflow-wrap:anywhere]">
            {flag.artist ? `@${flag.artist}` : "uploader unknown"}
            {flag.score !== null ? <span className="font-medium text-foreground tabular-nums"> · {percent(flag.score)}</span> : null}
            {flag.href ? (
              <>
                {" · "}
                <a href={flag.href} target="_blank" rel="noreferrer" className="text-accent underline underline-offset-2">
                  content
                </a>
              </>
            ) : null}
          </p>
        ) : null}
        {flag ? <MatchList matches={flag.matches} className="border-l-2 border-line pl-2" /> : null}
      </div>
    );
  }
  const event = decision.event;
  return (
    <div className="min-w-0 space-y-1" data-testid="run-item-event">
      <Link href={eventHref(decision.item)} title={decision.item} className={`inline-flex min-h-11 items-center font-mono ${linkClass}`}>
        {shortPubkey(decision.item)}
      </Link>
      {event ? (
        <>
          <p className="text-xs text-muted">
            {event.kind} · by {shortPubkey(event.pubkey)}
          </p>
          {event.snippet ? <p className="text-sm [overflow-wrap:anywhere]">{event.snippet}</p> : null}
        </>
      ) : null}
    </div>
  );
}

const itemLabel: Record<Pipeline, string> = { flags: "Flag", relay: "Event", reports: "Report subject" };

/** A run's items: what the model answered, why, and what was done; Undo on automatic actions. */
export function DecisionTable({ decisions, canUndo }: { decisions: RunItemView[]; canUndo: Record<Pipeline, boolean> }) {
  return (
    <DataTable caption="Items of this run, in the order they were decided" columns={["Item", "Verdict", "Confidence", "Reason", "Outcome", "Tokens", { srOnly: "Actions" }]}>
      {decisions.map((decision) => {
        return (
          <tr key={decision.id} data-testid="decision-row" data-id={decision.id}>
            <td data-label={itemLabel[decision.pipeline]} className="lg:min-w-64">
              <ItemCell decision={decision} />
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
