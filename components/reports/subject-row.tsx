import Link from "next/link";
import { Badge } from "@/components/badge";
import { Timestamp } from "@/components/timestamp";
import { AiDecisionLine } from "@/components/triage/ai-decision-line";
import type { SubjectSummary } from "@/lib/reports/list-subjects";
import { shortReason } from "@/lib/reports/reason-types";
import type { SubjectContent } from "@/lib/reports/subject-content";
import type { DecisionView } from "@/lib/triage/views/decision-view";
import { SUBJECT_FORM } from "./subject-actions";
import { ReporterMute } from "./reporter-mute";
import { SubjectContentView } from "./subject-content-view";
import { describeSubject } from "./subject-label";

type SubjectRowProps = {
  subject: SubjectSummary;
  content?: SubjectContent;
  reporters?: { reporter: string; muted: boolean }[];
  /** The triage's latest decision on this subject, and whether this moderator may undo it. */
  ai?: DecisionView;
  canUndoAi?: boolean;
  selectable?: boolean;
};

/** One reported subject: what it is, how many reported it and why, and when. */
export function SubjectRow({ subject, content, reporters = [], ai, canUndoAi = false, selectable = true }: SubjectRowProps) {
  const described = describeSubject(subject.subject);
  return (
    <li tabIndex={-1} className="rounded-xl border border-line bg-surface p-3 outline-none data-[current=true]:border-accent data-[current=true]:ring-2 data-[current=true]:ring-accent" data-testid="report-subject" data-subject-id={subject.id}>
      <label className="flex min-h-11 items-start gap-3">
        {selectable ? <input type="checkbox" name="subject" value={subject.id} form={SUBJECT_FORM} className="mt-1 size-5 shrink-0" aria-label={`Select ${described.text}`} data-testid="subject-select" /> : null}
        <span className="min-w-0 flex-1 space-y-1">
          <span className="flex flex-wrap items-center gap-2 text-sm">
            <span className="font-semibold">{described.kind}</span>
            <Badge tone={subject.state === "open" ? "warning" : subject.state === "escalated" ? "danger" : "neutral"} testId="subject-state">{subject.state}</Badge>
            {subject.appealed ? <Badge tone="accent">appeal</Badge> : null}
            {subject.claimedBy ? <Badge tone="warning" testId="subject-claim">claimed by {subject.claimedBy}</Badge> : null}
            {selectable ? <Link href={`/reports/${subject.id}`} className="ml-auto underline underline-offset-2" data-testid="subject-open">Open</Link> : null}
          </span>
          <span className="block break-all font-mono text-xs text-muted" data-testid="subject-key">
            {described.href ? <a href={described.href} className="underline underline-offset-2" rel="noreferrer noopener" target="_blank">{described.text}</a> : described.text}
          </span>
          {subject.author && subject.author !== described.text ? <span className="block break-all text-xs text-muted">by <a href={`/reports?state=${subject.state}&author=${encodeURIComponent(subject.author)}`} className="underline underline-offset-2" title="Reports on this author" data-testid="subject-author">{subject.author}</a></span> : null}
          <SubjectContentView content={content} />
          <span className="block text-sm" data-testid="subject-counts">
            {subject.reportCount} report{subject.reportCount === 1 ? "" : "s"} from {subject.reporterCount} reporter{subject.reporterCount === 1 ? "" : "s"}
            {subject.weight !== subject.reportCount ? ` (weight ${subject.weight})` : ""}
          </span>
          <span className="flex flex-wrap gap-1" data-testid="subject-reasons">
            {subject.reasonTypes.map((reason) => <Badge key={reason} tone="neutral">{shortReason(reason)}</Badge>)}
          </span>
          <span className="block text-xs text-muted">
            first <Timestamp date={new Date(subject.firstReportedAt)} /> · last <Timestamp date={new Date(subject.lastReportedAt)} />
          </span>
        </span>
      </label>
      {/* Undo only while the triage's dismissal stands; the row leaves this tab when it reopens, so no refresh. */}
      {ai ? <div className="pl-8"><AiDecisionLine decision={ai} canUndo={canUndoAi && (subject.state === "dismissed" || ai.undoneAt !== null)} refresh={false} /></div> : null}
      {reporters.length > 0 ? (
        <div className="mt-2 flex flex-wrap items-center gap-2 pl-8" aria-label="Latest reporters">
          <span className="text-xs text-muted">Reported by</span>
          {reporters.map((entry) => <ReporterMute key={entry.reporter} reporter={entry.reporter} muted={entry.muted} />)}
        </div>
      ) : null}
    </li>
  );
}
