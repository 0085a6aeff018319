import type { TriageRunStatus } from "@/lib/db/generated/enums";

const styles: Record<TriageRunStatus, string> = {
  running: "bg-accent-soft text-foreground",
  completed: "bg-surface-raised text-foreground",
  stopped: "bg-warning-soft text-warning",
  failed: "bg-danger-soft text-danger",
  abandoned: "bg-danger-soft text-danger",
};

export function RunStatusBadge({ status }: { status: TriageRunStatus }) {
  return <span className={`inline-block rounded-full px-2.5 py-0.5 text-xs font-semibold ${styles[status]}`}>{status}</span>;
}
