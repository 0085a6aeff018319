import type { LabelStatus } from "@/lib/labels/label-status";

const styles: Record<LabelStatus, string> = {
  active: "border-accent/40 bg-accent-soft text-foreground",
  negated: "border-line bg-surface-raised text-muted",
  expired: "border-warning/40 bg-warning-soft text-warning",
};

export function LabelStatusBadge({ status }: { status: LabelStatus }) {
  return (
    <span data-testid="label-status" className={`inline-flex items-center rounded-full border px-2 py-0.5 text-xs font-medium ${styles[status]}`}>
      {status}
    </span>
  );
}
