import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { JsonDetail } from "@/components/json-detail";
import { Notice } from "@/components/notice";
import { PageHeader } from "@/components/page-header";
import { SubjectActions } from "@/components/reports/subject-actions";
import { SubjectPresence } from "@/components/reports/subject-presence";
import { SubjectRow } from "@/components/reports/subject-row";
import { Timestamp } from "@/components/timestamp";
import { can } from "@/lib/auth/permissions";
import { requirePagePrincipal } from "@/lib/auth/session";
import { recentReporters } from "@/lib/reports/mute-reporter";
import { PRESENCE_HEARTBEAT_MS, subjectLive } from "@/lib/reports/presence";
import { identify } from "@/lib/reports/subject";
import { subjectContents } from "@/lib/reports/subject-content";
import { readSubject } from "@/lib/reports/subject-detail";
import { dmSenderConfigured } from "@/lib/triage/notify";

export const dynamic = "force-dynamic";

export const metadata: Metadata = { title: "Report subject" };

/** One reported subject: who else is on it (live), its reports, its history, and the actions on it alone. */
export default async function SubjectPage({ params }: { params: Promise<{ id: string }> }) {
  const { id: raw } = await params;
  const principal = await requirePagePrincipal(`/reports/${encodeURIComponent(raw)}`);
  const header = <PageHeader title="Report subject" description={<Link href="/reports" className="underline underline-offset-2">← Back to the inbox</Link>} />;
  if (!can(principal.role, "reports:read")) {
    return (
      <>
        {header}
        <Notice tone="error" testId="reports-forbidden">Your role ({principal.role}) cannot read reports.</Notice>
      </>
    );
  }
  const id = /^[1-9][0-9]{0,9}$/.test(raw) ? Number(raw) : NaN;
  const found = Number.isSafeInteger(id) && id <= 2 ** 31 - 1 ? await readSubject(id) : null;
  const live = found ? await subjectLive(id) : null;
  if (!found || !live) notFound();
  const { summary, history } = found;
  const reporters = await recentReporters([id], 20);
  const contents = await subjectContents([{ id, kind: summary.kind, key: identify(summary.subject).key }]);

  return (
    <>
      {header}
      <SubjectPresence subjectId={id} me={principal.name} initial={live} heartbeatMs={PRESENCE_HEARTBEAT_MS} />
      <ul className="mb-4" data-testid="report-subjects">
        <SubjectRow subject={summary} content={contents.get(id)} reporters={reporters.get(id)} selectable={false} />
      </ul>
      <section aria-labelledby="history-title" className="mb-4 rounded-xl border border-line bg-surface p-3">
        <h2 id="history-title" className="mb-2 font-semibold">History</h2>
        <ol className="space-y-2 text-sm" data-testid="subject-history">
          {history.map((entry) => (
            <li key={entry.id} className="border-b border-line pb-2 last:border-b-0" data-testid="history-entry" data-kind={entry.kind}>
              <span className="font-medium">{entry.kind}</span> by <span className="break-all">{entry.actor}</span> · <Timestamp date={new Date(entry.at)} />
              <div className="mt-1"><JsonDetail value={entry.detail} /></div>
            </li>
          ))}
        </ol>
      </section>
      {can(principal.role, "reports:review") ? (
        <SubjectActions ids={[id]} canLabel={can(principal.role, "labels:write")} canRelay={can(principal.role, "relay:decide") && can(principal.role, "relay:trust")} canTell={dmSenderConfigured()} />
      ) : null}
    </>
  );
}
