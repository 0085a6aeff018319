import type { Outcome } from "@/lib/triage/verdicts";
import { Badge, type BadgeTone } from "../badge";

/** How each outcome reads, and its colour in the chart and badges (theme tokens only). */
export const outcomeLabels: Record<Outcome, string> = {
  auto_resolved: "Auto-resolved",
  content_deleted: "Content deleted",
  auto_approved: "Auto-approved",
  auto_dismissed: "Auto-dismissed",
  needs_human: "Needs a human",
  violation: "Violation",
  ai_flagged: "Flagged for a human",
  held: "Held (breaker)",
  left_pending: "Left pending",
};

// Stripes and dots in the page colour over the fill, so that outcomes sharing a hue
// (four greens, two ambers, two greys) are told apart without colour or the table.
const diagonal = "bg-[image:repeating-linear-gradient(45deg,transparent_0_4px,var(--color-background)_4px_6px)]";
const backDiagonal = "bg-[image:repeating-linear-gradient(-45deg,transparent_0_4px,var(--color-background)_4px_6px)]";
const dots = "bg-[image:radial-gradient(var(--color-background)_1.5px,transparent_2px)] bg-size-[6px_6px]";
const horizontal = "bg-[image:repeating-linear-gradient(0deg,transparent_0_4px,var(--color-background)_4px_6px)]";

/** Fill and pattern of each outcome in the chart and its legend. */
export const outcomeBars: Record<Outcome, string> = {
  auto_resolved: "bg-accent",
  content_deleted: `bg-accent/70 ${diagonal}`,
  auto_approved: `bg-accent/50 ${dots}`,
  auto_dismissed: `bg-accent/30 ${horizontal}`,
  needs_human: "bg-warning",
  violation: "bg-danger",
  ai_flagged: `bg-warning/70 ${backDiagonal}`,
  held: "bg-muted",
  left_pending: `bg-muted/60 ${horizontal}`,
};

const tones: Record<Outcome, BadgeTone> = {
  auto_resolved: "accent",
  content_deleted: "accent",
  auto_approved: "accent",
  auto_dismissed: "accent",
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
