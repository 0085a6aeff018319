import { MatchList } from "../flags/match-list";
import { percent } from "../flags/format";
import { SubjectContentView } from "../reports/subject-content-view";
import type { Decision, ReportEvidence, ReviewItem } from "./review-item";
import type { ReviewWords } from "./review-words";

const choiceStyles: { decision: Decision; on: string; off: string }[] = [
  { decision: "clear", on: "bg-accent text-accent-foreground border-accent", off: "text-accent border-accent/50" },
  { decision: "defer", on: "bg-warning text-background border-warning", off: "text-warning border-warning/50" },
  { decision: "confirm", on: "bg-danger text-background border-danger", off: "text-danger border-danger/50" },
];

type Props = {
  item: ReviewItem;
  words: ReviewWords;
  index: number;
  chosen: Decision | undefined;
  conflict: string | undefined;
  active: boolean;
  /** False until the page's script runs: the buttons say so instead of swallowing a tap. */
  ready: boolean;
  /** Decided or chosen, and not reopened: one line, so the next card comes up under the thumb. */
  collapsed: boolean;
  onChoose: (decision: Decision) => void;
  onExpand: () => void;
};

/** One flag (what the scanner matched) or report subject, and three big buttons (a second tap on the chosen one takes it back). */
export function ReviewCard({ item, words, index, chosen, conflict, active, ready, collapsed, onChoose, onExpand }: Props) {
  const titleId = `card-title-${index}`;
  const frame = `scroll-mt-4 scroll-mb-44 rounded-xl border bg-surface outline-none ${active ? "border-ring ring-2 ring-ring" : "border-line"}`;
  const choiceWords = words.choices;
  const state = item.decision ? `${choiceWords[item.decision].past} · by ${item.decidedBy}` : chosen ? `${choiceWords[chosen].label} · not sent yet` : null;
  const settled = item.report ? item.status !== "open" : item.status !== "pending";

  if (collapsed) {
    return (
      <article id={`card-${index}`} tabIndex={-1} aria-labelledby={titleId} data-testid="review-card" data-active={active} data-collapsed="true" data-decision={item.decision ?? chosen ?? ""} className={`${frame} flex items-center gap-3 px-4 py-2`}>
        <div className="min-w-0 flex-1">
          <h2 id={titleId} className="truncate font-semibold">
            {item.title}
          </h2>
          <p className="truncate text-sm text-muted" data-testid={item.decision ? "card-decided" : "card-chosen"}>
            {state}
          </p>
        </div>
        <button type="button" onClick={onExpand} className="min-h-11 shrink-0 rounded-lg border border-line px-3 text-sm font-medium" data-testid="card-expand">
          {item.decision ? "Details" : "Change"}
        </button>
      </article>
    );
  }

  return (
    <article id={`card-${index}`} tabIndex={-1} aria-labelledby={titleId} data-testid="review-card" data-active={active} data-collapsed="false" data-decision={item.decision ?? chosen ?? ""} className={`${frame} p-4`}>
      <div className="flex items-start justify-between gap-3">
        <h2 id={titleId} className="min-w-0 text-lg leading-snug font-semibold [overflow-wrap:anywhere]">
          {item.href ? (
            <a href={item.href} target="_blank" rel="noreferrer" className="underline decoration-muted/60 underline-offset-4 hover:decoration-current" data-testid="card-content-link">
              {item.title}
            </a>
          ) : (
            item.title
          )}
        </h2>
        {item.score !== null ? (
          <span className="shrink-0 rounded-full bg-warning-soft px-2.5 py-1 text-sm font-semibold text-warning tabular-nums" title="Highest match score" data-testid="card-score">
            {percent(item.score)}
          </span>
        ) : null}
      </div>
      {item.artist ? (
        <p className="mt-0.5 text-muted [overflow-wrap:anywhere]" data-testid="card-uploader">
          uploaded by @{item.artist}
        </p>
      ) : null}
      {settled || item.decision ? (
        <p className="mt-2 flex flex-wrap gap-2 text-sm">
          {settled ? <span className="rounded-full bg-surface-raised px-2.5 py-0.5 font-medium" data-testid="card-status">{item.status}</span> : null}
          {item.decision ? (
            <span className="rounded-full bg-accent-soft px-2.5 py-0.5 font-medium" data-testid="card-decided">
              {state}
            </span>
          ) : null}
        </p>
      ) : null}
      {item.report ? <ReportDetails report={item.report} /> : <MatchList matches={item.matches} className="mt-3 border-l-2 border-line pl-3" />}
      {item.report ? null : <p className="mt-2 font-mono text-xs text-muted [overflow-wrap:anywhere]">{item.uri}</p>}
      {conflict ? (
        <p role="alert" className="mt-2 rounded-lg bg-danger-soft px-3 py-2 text-sm text-danger">
          {conflict}
        </p>
      ) : null}
      {item.decision ? null : (
        <div role="group" aria-label={`Decision on ${item.title}`} className="mt-4 grid grid-cols-3 gap-2">
          {choiceStyles.map(({ decision, on, off }) => (
            <button
              key={decision}
              type="button"
              aria-pressed={chosen === decision}
              disabled={!ready}
              onClick={() => onChoose(decision)}
              data-testid={`choose-${decision}`}
              className={`min-h-12 rounded-lg border-2 px-1 leading-tight font-semibold disabled:cursor-progress disabled:opacity-50 ${chosen === decision ? on : `bg-surface ${off}`}`}
            >
              {choiceWords[decision].label}
            </button>
          ))}
        </div>
      )}
    </article>
  );
}

/** A report subject's card body: what was reported, by how many, why, and who holds it. */
function ReportDetails({ report }: { report: ReportEvidence }) {
  return (
    <div className="mt-2 space-y-2 text-sm">
      <p className="text-muted" data-testid="card-reports">
        {report.kind} · {report.reportCount} report{report.reportCount === 1 ? "" : "s"} from {report.reporterCount} reporter{report.reporterCount === 1 ? "" : "s"}
        {report.reasons.length ? ` · ${report.reasons.join(", ")}` : ""}
      </p>
      <SubjectContentView content={report.content} />
      {report.claimedBy ? (
        <p className="rounded-lg bg-warning-soft px-3 py-2 text-warning" data-testid="card-claimed">
          Claimed by {report.claimedBy}: a decision here is held until the claim is released or expires.
        </p>
      ) : null}
      {report.inboxHref ? (
        <a href={report.inboxHref} className="inline-flex min-h-11 items-center font-medium text-accent underline-offset-2 hover:underline" data-testid="card-inbox-link">
          History and reports in the inbox
        </a>
      ) : null}
    </div>
  );
}
