import Link from "next/link";
import { auditSubjectHref } from "@/lib/dashboard/audit-subject-href";
import type { AuditRow } from "@/lib/dashboard/query-audit-log";
import { JsonDetail } from "./json-detail";
import { Timestamp } from "./timestamp";
import { DataTable } from "./data-table";

const filterLink = "rounded text-accent underline-offset-2 hover:underline";

/** The audit log as a table; on phones each row becomes a stacked card (see .data-table). */
export function AuditTable({ entries }: { entries: AuditRow[] }) {
  return (
    <DataTable caption="Audit entries, newest first" columns={["Time (UTC)", "Actor", "Action", "Subject", "Detail"]}>
      {entries.map((entry) => (
        <tr key={entry.id} data-testid="audit-row" data-id={entry.id}>
          <td data-label="Time" className="whitespace-nowrap">
            <Timestamp date={entry.at} style="iso" />
          </td>
          <td data-label="Actor" className="break-words lg:max-w-48">
            <Link href={`/audit?${new URLSearchParams({ actor: entry.actor })}`} className={filterLink} title={`Only entries by ${entry.actor}`}>
              {entry.actor}
            </Link>
          </td>
          <td data-label="Action" className="break-words lg:whitespace-nowrap">
            <Link href={`/audit?${new URLSearchParams({ action: entry.action })}`} className={`${filterLink} font-mono text-xs`} title={`Only ${entry.action} entries`}>
              {entry.action}
            </Link>
          </td>
          <td data-label="Subject" className="[overflow-wrap:anywhere] lg:min-w-40">
            <AuditSubject action={entry.action} subject={entry.subject} detail={entry.detail} />
          </td>
          <td data-label="Detail" className="lg:w-[32%]">
            <JsonDetail value={entry.detail} />
          </td>
        </tr>
      ))}
    </DataTable>
  );
}

function AuditSubject({ action, subject, detail }: { action: string; subject: string | null; detail: unknown }) {
  if (!subject) return <span className="text-muted">—</span>;
  const href = auditSubjectHref(action, subject, detail);
  return href ? (
    <Link href={href} className="text-accent underline underline-offset-2" data-testid="audit-subject-link">
      {subject}
    </Link>
  ) : (
    subject
  );
}
