import type { TriageStatus } from "@/lib/triage/views/triage-status";

/** How triage is set up (never the secrets): model, what starts runs, who is told. */
export function TriageSetup({ status }: { status: TriageStatus }) {
  const row = "grid gap-1 sm:grid-cols-[12rem_1fr]";
  const schedule = [
    status.cronConfigured ? "cron (/api/cron/triage)" : null,
    status.intervalSeconds ? `every ${status.intervalSeconds} s (TRIAGE_INTERVAL)` : null,
  ].filter(Boolean);
  return (
    <dl className="space-y-2 rounded-xl border border-line bg-surface p-4 text-sm" data-testid="triage-setup">
      <div className={row}>
        <dt className="font-medium text-muted">Model</dt>
        <dd className="font-mono [overflow-wrap:anywhere]">{status.model}</dd>
      </div>
      <div className={row}>
        <dt className="font-medium text-muted">Runs start from</dt>
        <dd>{schedule.length ? schedule.join(" and ") : "the command line or this page only (no CRON_SECRET, no TRIAGE_INTERVAL)"}</dd>
      </div>
      <div className={row}>
        <dt className="font-medium text-muted">Moderators told by DM</dt>
        <dd>{status.notifyConfigured ? "yes, when a run fills a review batch" : "no (NOTIFY_BOT_HANDLE, NOTIFY_BOT_PASSWORD and NOTIFY_RECIPIENTS are needed)"}</dd>
      </div>
    </dl>
  );
}
