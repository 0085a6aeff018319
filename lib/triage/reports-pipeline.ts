import { db } from "@/lib/db";
import { dismissOpenSubjects } from "@/lib/reports/automatic-dismissal";
import { shortReason } from "@/lib/reports/reason-types";
import type { Answered, RunContext, TriagePipeline } from "./pipeline";
import { decisionRow, type DecisionInput } from "./record-decision";
import { TRIAGE_ACTOR } from "./settings";
import { isVerdict } from "./verdicts";

/** The newest reports the model sees of a subject, and how much of each reason text. */
const MAX_REPORTS = 20;
const MAX_REASON_CHARS = 1000;

/**
 * Open report subjects: a confident "dismiss" (spam or abuse of the report form, or
 * reports that plainly name nothing wrong) dismisses the subject as a moderator's
 * dismiss does; "needs_human" leaves it open in the inbox with the model's reason.
 * Nothing is ever labeled, escalated or resolved automatically.
 */
export const reportsPipeline: TriagePipeline = {
  pipeline: "reports",

  async load(_run, items) {
    const ids = items.map(Number).filter(Number.isSafeInteger);
    const subjects = await db().reportSubject.findMany({
      where: { id: { in: ids }, state: "open" },
      select: {
        id: true,
        kind: true,
        key: true,
        reportCount: true,
        reporterCount: true,
        reasonTypes: true,
        reports: {
          where: { muted: false },
          orderBy: { id: "desc" },
          take: MAX_REPORTS,
          select: { source: true, reasonType: true, reason: true, createdAt: true },
        },
      },
    });
    const toModel = subjects.map((subject) => ({
      item: String(subject.id),
      data: {
        subject_kind: subject.kind,
        subject: subject.key,
        report_count: subject.reportCount,
        reporter_count: subject.reporterCount,
        reason_types: subject.reasonTypes.map(shortReason),
        // The reporters' own words: data to judge, bounded like every item field.
        reports: subject.reports.map((report) => ({
          source: report.source,
          reason_type: shortReason(report.reasonType),
          reason: report.reason?.slice(0, MAX_REASON_CHARS) ?? null,
          at: report.createdAt.toISOString(),
        })),
      },
    }));
    return { toModel, settled: [] };
  },

  async apply(run, answered) {
    const decided = answered.map((entry) => judge(run, entry));
    const dismissing = decided.filter((decision) => decision.outcome === "auto_dismissed");
    if (run.dryRun || dismissing.length === 0) return decided;
    const note = (decision: DecisionInput) => `AI triage: ${decision.answer && isVerdict(decision.answer) ? decision.answer.reason : ""}`;
    const dismissed = new Set(
      await dismissOpenSubjects(
        dismissing.map((decision) => ({ id: Number(decision.item), note: note(decision) })),
        TRIAGE_ACTOR,
        async (tx, ids) => {
          const done = new Set(ids.map(String));
          await tx.triageDecision.createMany({ data: dismissing.filter((d) => done.has(d.item)).map((d) => decisionRow(run, d)) });
        },
      ),
    );
    return decided.map((decision) =>
      decision.outcome !== "auto_dismissed"
        ? decision
        : dismissed.has(Number(decision.item))
          ? { ...decision, recorded: true }
          : { ...decision, outcome: "left_pending", note: "no longer open, or claimed by a moderator" },
    );
  },
};

function judge(run: RunContext, { item, answer, tokens }: Answered): DecisionInput {
  const decided = (outcome: DecisionInput["outcome"], note?: string): DecisionInput => ({ pipeline: "reports", item, outcome, answer, tokens, note });
  if (!isVerdict(answer)) return decided("left_pending");
  const dismisses = answer.verdict === "dismiss";
  run.breaker.observe("reports", dismisses);
  if (!dismisses) return decided("needs_human");
  if (answer.confidence < run.settings.autoConfidence) return decided("needs_human", "confidence below the automatic threshold");
  if (!run.breaker.allowAction()) return decided("held", run.breaker.tripped ?? undefined);
  return decided("auto_dismissed");
}
