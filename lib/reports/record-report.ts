import type { Prisma, ReportSource } from "@/lib/db/generated/client";
import { db } from "@/lib/db";
import { APPEAL_REASONS } from "./reason-types";
import type { SubjectIdentity, SubjectRef } from "./subject";
import { notifySubjectsChanged } from "./presence";

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

/**
 * Records one report on its subject, in one transaction that holds the subject's row
 * lock (created on the first report): a reporter's repeat since the subject last
 * opened is answered with the report already recorded; otherwise the report, the
 * subject's counts and reasons, a reopening when it was resolved or dismissed, and
 * the history entries are written together.
 */
export async function recordReport(input: NewReport): Promise<{ report: ReportView; duplicate: boolean }> {
  return db().$transaction(async (tx) => {
    const { identity } = input;
    const [subject] = await tx.$queryRaw<SubjectRow[]>`
      INSERT INTO report_subjects (key, kind, subject, author, updated_at)
      VALUES (${identity.key}, ${identity.kind}, ${JSON.stringify(input.subject)}::jsonb, ${identity.author}, now())
      ON CONFLICT (key) DO UPDATE SET author = COALESCE(report_subjects.author, EXCLUDED.author)
      RETURNING id, state::text AS state, opened_at`;
    const subjectId = subject!.id;

    // A closed subject's reports were decided: a report now is new, and reopens it.
    const closed = subject!.state === "resolved" || subject!.state === "dismissed";
    const repeat = closed ? null : await tx.report.findFirst({
      where: { subjectId, reporter: input.reporter, reasonType: input.reasonType, createdAt: { gte: subject!.opened_at } },
      orderBy: { id: "asc" },
    });
    if (repeat) return { report: reportView(repeat), duplicate: true };

    const reportedBefore = await tx.report.findFirst({ where: { subjectId, reporter: input.reporter, muted: false }, select: { id: true } });
    const report = await tx.report.create({
      data: {
        subjectId,
        source: input.source,
        reporter: input.reporter,
        reasonType: input.reasonType,
        reason: input.reason,
        subjectRef: input.subject as Prisma.InputJsonValue,
        weight: input.weight ?? 1,
        muted: input.muted ?? false,
        nostrEventId: input.nostrEventId,
      },
    });
    const appeal = APPEAL_REASONS.has(input.reasonType);
    const events: Prisma.ReportSubjectEventCreateManyInput[] = [
      { subjectId, kind: appeal ? "appeal" : "report", actor: input.reporter, detail: { reportId: report.id, source: input.source, reasonType: input.reasonType, muted: report.muted } },
    ];
    if (!report.muted) {
      const reopens = closed;
      await tx.$executeRaw`
        UPDATE report_subjects SET
          report_count = report_count + 1,
          reporter_count = reporter_count + ${reportedBefore ? 0 : 1},
          weight = weight + ${report.weight},
          reason_types = CASE WHEN ${input.reasonType} = ANY(reason_types) THEN reason_types ELSE array_append(reason_types, ${input.reasonType}) END,
          last_reported_at = ${report.createdAt},
          appealed = appealed OR ${appeal},
          state = CASE WHEN ${reopens} THEN 'open'::"ReportSubjectState" ELSE state END,
          opened_at = CASE WHEN ${reopens} THEN ${report.createdAt} ELSE opened_at END,
          updated_at = now()
        WHERE id = ${subjectId}`;
      if (reopens) events.push({ subjectId, kind: "state", actor: input.reporter, detail: { from: subject!.state, to: "open", why: appeal ? "appeal" : "new report" } });
    }
    await tx.reportSubjectEvent.createMany({ data: events });
    await notifySubjectsChanged(tx, [subjectId]); // an open subject page shows the new report
    return { report: reportView(report), duplicate: false };
  });
}
