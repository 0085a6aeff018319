import type { Outcome } from "@/lib/triage/verdicts";
import { Badge, type BadgeTone } from "../badge";

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

const tones: Record<Outcome, BadgeTone> = {
  auto_resolved: "accent",
  content_deleted: "accent",
  auto_approved: "accent",
  needs_human: "warning",
  violation: "danger",
  ai_flagged: "warning",
  held: "muted",
  left_pending: "muted",
};

const known = (outcome: string): outcome is Outcome => outcome in outcomeLabels;

export function OutcomeBadge({ outcome, count }: { outcome: string; count?: number }) {
  return (
    <Badge tone={known(outcome) ? tones[outcome] : "muted"} data-outcome={outcome}>
      {known(outcome) ? outcomeLabels[outcome] : outcome}
      {count !== undefined ? <span className="tabular-nums">{count}</span> : null}
    </Badge>
  );
}
