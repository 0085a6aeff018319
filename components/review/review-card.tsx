import type { Decision, ReviewItem } from "./review-item";

const choices: { decision: Decision; label: string; on: string; off: string }[] = [
  { decision: "clear", label: "Clear", on: "bg-accent text-accent-foreground border-accent", off: "text-accent border-accent/50" },
  { decision: "defer", label: "Defer", on: "bg-warning text-background border-warning", off: "text-warning border-warning/50" },
  { decision: "confirm", label: "Confirm", on: "bg-danger text-background border-danger", off: "text-danger border-danger/50" },
];

const past: Record<Decision, string> = { clear: "Cleared", defer: "Deferred", confirm: "Confirmed" };
const percent = (score: number) => `${Math.round(score * 100)}%`;

type Props = {
  item: ReviewItem;
  index: number;
  chosen: Decision | undefined;
  conflict: string | undefined;
  active: boolean;
  onChoose: (decision: Decision) => void;
};

/** One flag: what the scanner matched, and three big buttons (a second tap on the chosen one takes it back). */
export function ReviewCard({ item, index, chosen, conflict, active, onChoose }: Props) {
  const titleId = `card-title-${index}`;
  return (
    <article
      id={`card-${index}`}
      tabIndex={-1}
      aria-labelledby={titleId}
      data-testid="review-card"
      data-decision={item.decision ?? chosen ?? ""}
      className={`rounded-xl border bg-surface p-4 outline-none ${active ? "border-ring ring-2 ring-ring" : "border-line"}`}
    >
      <div className="flex items-start justify-between gap-3">
        <h2 id={titleId} className="min-w-0 text-lg leading-snug font-semibold [overflow-wrap:anywhere]">
          {item.href ? (
            <a href={item.href} target="_blank" rel="noreferrer" className="underline decoration-muted/60 underline-offset-4 hover:decoration-current">
              {item.title}
            </a>
          ) : (
            item.title
          )}
        </h2>
        {item.score !== null ? (
          <span className="shrink-0 rounded-full bg-warning-soft px-2.5 py-1 text-sm font-semibold text-warning tabular-nums">
            {percent(item.score)}
          </span>
        ) : null}
      </div>
      {item.artist ? <p className="mt-0.5 text-muted [overflow-wrap:anywhere]">@{item.artist}</p> : null}
      {item.status !== "pending" || item.decision ? (
        <p className="mt-2 flex flex-wrap gap-2 text-sm">
          {item.status !== "pending" ? <span className="rounded-full bg-surface-raised px-2.5 py-0.5 font-medium">{item.status}</span> : null}
          {item.decision ? (
            <span className="rounded-full bg-accent-soft px-2.5 py-0.5 font-medium" data-testid="card-decided">
              {past[item.decision]} by {item.decidedBy}
            </span>
          ) : null}
        </p>
      ) : null}
      {item.matches.length ? (
        <ul aria-label="Top matches" className="mt-3 space-y-1 border-l-2 border-line pl-3 text-sm">
          {item.matches.map((match, i) => (
            <li key={i} className="[overflow-wrap:anywhere]">
              {match.title} <span className="text-muted">by {match.artist}</span>{" "}
              <span className="font-medium tabular-nums">{percent(match.score)}</span>
            </li>
          ))}
        </ul>
      ) : null}
      <p className="mt-2 font-mono text-xs text-muted [overflow-wrap:anywhere]">{item.uri}</p>
      {conflict ? (
        <p role="alert" className="mt-2 rounded-lg bg-danger-soft px-3 py-2 text-sm text-danger">
          {conflict}
        </p>
      ) : null}
      {item.decision ? null : (
        <div role="group" aria-label={`Decision on ${item.title}`} className="mt-4 grid grid-cols-3 gap-2">
          {choices.map(({ decision, label, on, off }) => (
            <button
              key={decision}
              type="button"
              aria-pressed={chosen === decision}
              onClick={() => onChoose(decision)}
              data-testid={`choose-${decision}`}
              className={`h-12 rounded-lg border-2 font-semibold ${chosen === decision ? on : `bg-surface ${off}`}`}
            >
              {label}
            </button>
          ))}
        </div>
      )}
    </article>
  );
}
