import { z } from "zod";
import { recordAudit } from "@/lib/audit/record-audit";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";

export const muteBodySchema = z.object({
  reporter: z.string().trim().min(1, "is required").max(2048, "must be at most 2048 characters"),
  muted: z.boolean({ error: "must be true (mute) or false (unmute)" }),
  note: z.string().trim().max(2000, "must be at most 2000 characters").optional(),
});

/**
 * Mutes a reporter who abuses the form (their reports are then recorded without effect,
 * decision 025) or lifts the mute; audited. A suspension is left alone: muting is the
 * lighter step and must not undo the heavier one.
 */
export async function setReporterMuted(input: z.infer<typeof muteBodySchema>, actor: string): Promise<{ reporter: string; muted: boolean }> {
  const { reporter, muted, note } = input;
  await db().$transaction(async (tx) => {
    const current = await tx.reporterRestriction.findUnique({ where: { reporter } });
    if (current?.kind === "suspended") throw new AppError("conflict", `${reporter} is suspended, which already stops their reports`);
    if (muted) {
      await tx.reporterRestriction.upsert({ where: { reporter }, create: { reporter, kind: "muted", note: note ?? null, updatedBy: actor }, update: { kind: "muted", until: null, note: note ?? null, updatedBy: actor } });
    } else if (current) {
      await tx.reporterRestriction.delete({ where: { reporter } });
    }
    await recordAudit({ actor, action: muted ? "reports.mute_reporter" : "reports.unmute_reporter", subject: reporter, detail: { reporter, until: null, ...(note && { note }) } }, tx);
  });
  return { reporter, muted };
}

/** The latest distinct reporters of each subject (at most `per` each), muted ones marked. */
export async function recentReporters(subjectIds: number[], per = 3): Promise<Map<number, { reporter: string; muted: boolean }[]>> {
  const result = new Map<number, { reporter: string; muted: boolean }[]>();
  if (subjectIds.length === 0) return result;
  const reports = await db().report.findMany({ where: { subjectId: { in: subjectIds } }, orderBy: { id: "desc" }, take: subjectIds.length * 20, select: { subjectId: true, reporter: true } });
  const restrictions = await db().reporterRestriction.findMany({ where: { reporter: { in: [...new Set(reports.map((report) => report.reporter))] }, kind: "muted" }, select: { reporter: true } });
  const muted = new Set(restrictions.map((row) => row.reporter));
  for (const { subjectId, reporter } of reports) {
    const list = result.get(subjectId) ?? [];
    if (list.length < per && !list.some((entry) => entry.reporter === reporter)) list.push({ reporter, muted: muted.has(reporter) });
    result.set(subjectId, list);
  }
  return result;
}
