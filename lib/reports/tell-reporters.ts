import { recordAudit } from "@/lib/audit/record-audit";
import { db } from "@/lib/db";
import { logger } from "@/lib/log";
import { sendDirectMessages, type DirectMessageResult } from "@/lib/triage/notify";
import { notifySubjectsChanged } from "./presence";
import type { SubjectRef } from "./subject";

export type Outcome = "resolved" | "dismissed";
/** What telling the reporters of the acted-on subjects came to, for the moderator who chose it. */
export type ToldReporters = { sent: number; failed: { subjectId: number; reporter: string; error: string }[]; skippedMuted: number };

const outcomeText: Record<Outcome, string> = {
  resolved: "it was reviewed and the moderators acted on it",
  dismissed: "it was reviewed and no action was taken",
};

/** Where a reporter can see the subject: a bsky.app link where there is one, the URI otherwise. */
function subjectWords(subject: SubjectRef): string {
  if ("did" in subject) return `the account https://bsky.app/profile/${subject.did}`;
  if (!("uri" in subject)) return "the reported content";
  const [, , did, collection, rkey] = subject.uri.split("/");
  return collection === "app.bsky.feed.post" ? `the post https://bsky.app/profile/${did}/post/${rkey}` : `the record ${subject.uri}`;
}

/**
 * The one message a reporter gets: fixed and neutral, naming the subject and the outcome,
 * never a moderator (they act for the labeler, and naming them invites harassment).
 */
export function outcomeMessage(subject: SubjectRef, outcome: Outcome): string {
  return `Update on your report to the Warden labeler about ${subjectWords(subject)}: ${outcomeText[outcome]}. Thank you for reporting. This is an automated message; replies are not read.`;
}

/**
 * Tells each Bluesky reporter of the subjects the outcome by DM: one message per reporter
 * and subject whatever the number of their reports, none to a muted or suspended reporter.
 * Runs after the decision is committed and never undoes it: failures come back to the
 * moderator, and every subject's history records who was told and who could not be.
 */
export async function tellReporters(subjectIds: number[], outcome: Outcome, actor: string): Promise<ToldReporters> {
  const told: ToldReporters = { sent: 0, failed: [], skippedMuted: 0 };
  const subjects = await db().reportSubject.findMany({ where: { id: { in: subjectIds } }, select: { id: true, key: true, subject: true } });
  for (const subject of subjects) {
    const reports = await db().report.findMany({ where: { subjectId: subject.id, source: "atproto" }, distinct: ["reporter"], select: { reporter: true }, orderBy: { reporter: "asc" } });
    const reporters = reports.map((report) => report.reporter);
    const restricted = await db().reporterRestriction.findMany({ where: { reporter: { in: reporters } }, select: { reporter: true } });
    const skipped = new Set(restricted.map((row) => row.reporter));
    const text = outcomeMessage(subject.subject as SubjectRef, outcome);
    const result: DirectMessageResult = await sendDirectMessages(reporters.filter((reporter) => !skipped.has(reporter)).map((to) => ({ to, text })));
    told.sent += result.sent.length;
    told.skippedMuted += skipped.size;
    told.failed.push(...result.failed.map(({ to, error }) => ({ subjectId: subject.id, reporter: to, error })));
    const detail = { outcome, sent: result.sent, failed: result.failed.map(({ to, error }) => ({ reporter: to, error })), skipped: [...skipped] };
    await db().$transaction(async (tx) => {
      await tx.reportSubjectEvent.create({ data: { subjectId: subject.id, kind: "outcome", actor, detail } });
      await recordAudit({ actor, action: "reports.tell_reporters", subject: subject.key, detail: { subjectId: subject.id, outcome, sent: result.sent.length, failed: result.failed.length, skipped: skipped.size } }, tx);
      await notifySubjectsChanged(tx, [subject.id]);
    });
    if (result.failed.length > 0) logger.warn({ subjectId: subject.id, failed: detail.failed }, "reporters not told the outcome");
  }
  return told;
}
