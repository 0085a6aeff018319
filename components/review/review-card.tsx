import { MatchList } from "../flags/match-list";
import { percent } from "../flags/format";
import type { Decision, ReviewItem } from "./review-item";

/** The three choices, in words that say what they mean; `past` is how a decided item reads. */
export const choiceWords: Record<Decision, { label: string; past: string }> = {
  clear: { label: "Not infringing", past: "Not infringing" },
  defer: { label: "Decide later", past: "Decide later" },
  confirm: { label: "Infringing", past: "Infringing" },
};

const choiceStyles: { decision: Decision; on: string; off: string }[] = [
  { decision: "clear", on: "bg-accent text-accent-foreground border-accent", off: "text-accent border-accent/50" },
  { decision: "defer", on: "bg-warning text-background border-warning", off: "text-warning border-warning/50" },
  { decision: "confirm", on: "bg-danger text-background border-danger", off: "text-danger border-danger/50" },
];

type Props = {
  item: ReviewItem;
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

/** One flag: what the scanner matched, and three big buttons (a second tap on the chosen one takes it back). */
export function ReviewCard({ item, index, chosen, conflict, active, ready, collapsed, onChoose, onExpand }: Props) {
  const titleId = `card-title-${index}`;
  const frame = `scroll-mt-4 scroll-mb-44 rounded-xl border bg-surface outline-none ${active ? "border-ring ring-2 ring-ring" : "border-line"}`;
  const state = item.decision ? `${choiceWords[item.decision].past} · by ${item.decidedBy}` : chosen ? `${choiceWords[chosen].label} · not sent yet` : null;

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
      {item.status !== "pending" || item.decision ? (
        <p className="mt-2 flex flex-wrap gap-2 text-sm">
          {item.status !== "pending" ? <span className="rounded-full bg-surface-raised px-2.5 py-0.5 font-medium">{item.status}</span> : null}
          {item.decision ? (
            <span className="rounded-full bg-accent-soft px-2.5 py-0.5 font-medium" data-testid="card-decided">
              {state}
            </span>
          ) : null}
        </p>
      ) : null}
      <MatchList matches={item.matches} className="mt-3 border-l-2 border-line pl-3" />
      <p className="mt-2 font-mono text-xs text-muted [overflow-wrap:anywhere]">{item.uri}</p>
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
