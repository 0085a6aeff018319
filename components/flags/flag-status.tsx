import type { FlagStatus } from "@/lib/flags/flag-definition";

const styles: Record<FlagStatus, string> = {
  pending: "bg-warning-soft text-warning",
  resolved: "bg-accent-soft text-foreground",
  expired: "bg-surface-raised text-muted",
};

export function FlagStatusBadge({ status }: { status: FlagStatus }) {
  return <span className={`inline-block rounded-full px-2.5 py-0.5 text-xs font-semibold ${styles[status]}`}>{status}</span>;
}
