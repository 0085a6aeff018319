import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { reportView, type ReportView } from "./record-report";

/** A report as its reporter sees it later: the report, and `status`, the review state of its subject now. */
export type ReportStatus = ReportView & { status: string };

/**
 * The outcome of one's own report (Ozone's users ask for it): only the reporter who
 * filed it may read it; another's report answers 404 as a missing one does.
 */
export async function readOwnReport(id: number, reporter: string): Promise<ReportStatus> {
  const report = await db().report.findUnique({ where: { id }, include: { subject: { select: { state: true } } } });
  if (!report || report.reporter !== reporter) throw new AppError("not_found", `No report ${id} filed by you`);
  return { ...reportView(report), status: report.subject.state };
}
