import type { ReportSource } from "@/lib/db/generated/client";
import { db } from "@/lib/db";
import { APPEAL_REASONS } from "./reason-types";
import type { SubjectIdentity, SubjectRef } from "./subject";
import { REPORTS_CHANNEL } from "./presence";

export type NewReport = {
  source: ReportSource;
  /** A DID, a Nostr pubkey, or `token:<name>`. */
  reporter: string;
  reasonType: string;
  reason: string | null;
  subject: SubjectRef;
  identity: SubjectIdentity;
  /** How much the report counts (a Nostr report weighs by its author's tier). */
  weight?: number;
  /** Recorded without effect on counts or state (a muted reporter). */
  muted?: boolean;
  nostrEventId?: string;
};

/** createReport's output (com.atproto.moderation.createReport#output). */
export type ReportView = {
  id: number;
  reasonType: string;
  reason?: string;
  subject: SubjectRef;
  reportedBy: string;
  createdAt: string;
};

export function reportView(report: { id: number; reasonType: string; reason: string | null; subjectRef: unknown; reporter: string; createdAt: Date }): ReportView {
  return {
    id: report.id,
    reasonType: report.reasonType,
    ...(report.reason !== null && { reason: report.reason }),
    subject: report.subjectRef as SubjectRef,
    reportedBy: report.reporter,
    createdAt: report.createdAt.toISOString(),
  };
}

type SubjectRow = { id: number; state: string; opened_at: Date };
type RecordedRow = { id: number; reason_type: string; reason: string | null; subject_ref: unknown; reporter: string; created_at: Date; duplicate: boolean };

/**
 * Records one report on its subject, in one transaction that holds the subject's row
 * lock (created on the first report): a reporter's repeat since the subject last
 * opened is answered with the report already recorded; otherwise the report, the
 * subject's counts and reasons, a reopening when it was resolved or dismissed, and
 * the history entries are written together.
 *
 * Two statements: the lock, then everything else at once. The second one starts after
 * the lock is granted, so it sees every report committed before it (READ COMMITTED
 * takes a snapshot per statement); all its parts share that snapshot, so "reported
 * before" and the repeat never count the report being inserted.
 */
export async function recordReport(input: NewReport): Promise<{ report: ReportView; duplicate: boolean }> {
  const { identity, reporter, reasonType, source } = input;
  const appeal = APPEAL_REASONS.has(reasonType);
  const muted = input.muted ?? false;
  const weight = input.weight ?? 1;
  return db().$transaction(async (tx) => {
    const [subject] = await tx.$queryRaw<SubjectRow[]>`
      INSERT INTO report_subjects (key, kind, subject, author, updated_at)
      VALUES (${identity.key}, ${identity.kind}, ${JSON.stringify(input.subject)}::jsonb, ${identity.author}, now())
      ON CONFLICT (key) DO UPDATE SET author = COALESCE(report_subjects.author, EXCLUDED.author)
      RETURNING id, state::text AS state, opened_at`;
    const { id: subjectId, state, opened_at: openedAt } = subject!;
    // A closed subject's reports were decided: a report now is new, and reopens it (unless muted).
    const closed = state === "resolved" || state === "dismissed";
    const reopens = closed && !muted;
    // Never before the subject's (re)opening, which the database stamped: a repeat is found by it.
    const at = new Date(Math.max(Date.now(), openedAt.getTime()));
    const [recorded] = await tx.$queryRaw<RecordedRow[]>`
      WITH repeat AS (
        SELECT id, reason_type, reason, subject_ref, reporter, created_at FROM reports
        WHERE NOT ${closed}::boolean AND subject_id = ${subjectId} AND reporter = ${reporter}
          AND reason_type = ${reasonType} AND created_at >= ${openedAt}
        ORDER BY id LIMIT 1
      ), inserted AS (
        INSERT INTO reports (subject_id, source, reporter, reason_type, reason, subject_ref, weight, muted, nostr_event_id, created_at)
        SELECT ${subjectId}::int, ${source}::"ReportSource", ${reporter}::text, ${reasonType}::text, ${input.reason}::text,
          ${JSON.stringify(input.subject)}::jsonb, ${weight}::float8, ${muted}::boolean, ${input.nostrEventId ?? null}::text, ${at}::timestamp(3)
        WHERE NOT EXISTS (SELECT 1 FROM repeat)
        RETURNING id, reason_type, reason, subject_ref, reporter, created_at
      ), counted AS (
        UPDATE report_subjects SET
          report_count = report_count + 1,
          reporter_count = reporter_count + CASE WHEN EXISTS (
            SELECT 1 FROM reports WHERE subject_id = ${subjectId} AND reporter = ${reporter} AND NOT muted) THEN 0 ELSE 1 END,
          weight = weight + ${weight}::float8,
          reason_types = CASE WHEN ${reasonType} = ANY(reason_types) THEN reason_types ELSE array_append(reason_types, ${reasonType}::text) END,
          last_reported_at = ${at}::timestamp(3),
          appealed = appealed OR ${appeal}::boolean,
          state = CASE WHEN ${reopens}::boolean THEN 'open'::"ReportSubjectState" ELSE state END,
          opened_at = CASE WHEN ${reopens}::boolean THEN ${at}::timestamp(3) ELSE opened_at END,
          updated_at = now()
        WHERE id = ${subjectId} AND NOT ${muted}::boolean AND EXISTS (SELECT 1 FROM inserted)
      ), history AS (
        INSERT INTO report_subject_events (subject_id, kind, actor, detail, at)
        SELECT ${subjectId}::int, ${appeal ? "appeal" : "report"}::text, ${reporter}::text,
          jsonb_build_object('reportId', id, 'source', ${source}::text, 'reasonType', ${reasonType}::text, 'muted', ${muted}::boolean), ${at}::timestamp(3)
        FROM inserted
        UNION ALL
        SELECT ${subjectId}::int, 'state', ${reporter}::text,
          jsonb_build_object('from', ${state}::text, 'to', 'open', 'why', ${appeal ? "appeal" : "new report"}::text), ${at}::timestamp(3)
        FROM inserted WHERE ${reopens}::boolean
      ), notified AS (
        -- An open subject page shows the new report.
        SELECT pg_notify(${REPORTS_CHANNEL}, ${String(subjectId)}) FROM inserted
      )
      SELECT inserted.*, false AS duplicate FROM inserted, (SELECT count(*) FROM notified) AS sent
      UNION ALL
      SELECT repeat.*, true FROM repeat`;
    const report = { ...recorded!, reasonType: recorded!.reason_type, subjectRef: recorded!.subject_ref, createdAt: recorded!.created_at };
    return { report: reportView(report), duplicate: recorded!.duplicate };
  });
}
