import type { Outcome } from "@/lib/triage/verdicts";

/** How each outcome reads, and its colour in the chart and badges (theme tokens only). */
export const outcomeLabels: Record<Outcome, string> = {
  auto_resolved: "Auto-resolved",
  content_deleted: "Content deleted",
  auto_approved: "Auto-approved",
  needs_human: "Needs a human",
  violation: "Violation",
  ai_flagged: "Flagged for a human",
  held: "Held (breaker)",
  left_pending: "Left pending",
};

export const outcomeBars: Record<Outcome, string> = {
  auto_resolved: "bg-accent",
  content_deleted: "bg-accent/60",
  auto_approved: "bg-accent/35",
  needs_human: "bg-warning",
  violation: "bg-danger",
  ai_flagged: "bg-warning/50",
  held: "bg-muted",
  left_pending: "bg-muted/40",
};

const badges: Record<Outcome, string> = {
  auto_resolved: "bg-accent-soft text-foreground",
  content_deleted: "bg-accent-soft text-foreground",
  auto_approved: "bg-accent-soft text-foreground",
  needs_human: "bg-warning-soft text-warning",
  violation: "bg-danger-soft text-danger",
  ai_flagged: "bg-warning-soft text-warning",
  held: "bg-surface-raised text-muted",
  left_pending: "bg-surface-raised text-muted",
};

const known = (outcome: string): outcome is Outcome => outcome in outcomeLabels;

export function OutcomeBadge({ outcome, count }: { outcome: string; count?: number }) {
  const style = known(outcome) ? badges[outcome] : "bg-surface-raised text-muted";
  return (
    <span className={`inline-flex items-center gap-1 rounded-full px-2.5 py-0.5 text-xs font-semibold whitespace-nowrap ${style}`} data-outcome={outcome}>
      {known(outcome) ? outcomeLabels[outcome] : outcome}
      {count !== undefined ? <span className="tabular-nums">{count}</span> : null}
    </span>
  );
}
