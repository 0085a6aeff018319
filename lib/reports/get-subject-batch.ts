import { db } from "@/lib/db";
import type { ReportSubjectState, ReviewDecision } from "@/lib/db/generated/client";
import type { SubjectRef } from "./subject";
import { actLabel, itemSubjectId, reportBatchOrThrow, type BatchAct } from "./subject-batches";
import { subjectContents, type SubjectContent } from "./subject-content";

export type SubjectBatchItem = {
  uri: string;
  decision: ReviewDecision | null;
  decidedBy: string | null;
  /** Null only if the subject was deleted since. */
  subject: {
    id: number;
    ref: SubjectRef;
    state: ReportSubjectState;
    reportCount: number;
    reporterCount: number;
    reasonTypes: string[];
    claimedBy: string | null;
    content: SubjectContent | undefined;
  } | null;
};

export type SubjectBatch = { id: string; status: "pending" | "completed"; act: BatchAct; actLabel: string; createdBy: string; items: SubjectBatchItem[] };

/** A report batch with its subjects in review order, each with what the inbox shows of it (live claims only). */
export async function getSubjectBatchOrThrow(id: string): Promise<SubjectBatch> {
  const { act, status } = await reportBatchOrThrow(id);
  const batch = await db().reviewBatch.findUniqueOrThrow({ where: { id }, include: { items: { orderBy: { position: "asc" } } } });
  const ids = batch.items.map((item) => itemSubjectId(item.uri)).filter((subject) => subject !== null);
  const rows = await db().reportSubject.findMany({ where: { id: { in: ids } } });
  const contents = await subjectContents(rows.map(({ id: subject, key, kind }) => ({ id: subject, key, kind })));
  const byId = new Map(rows.map((row) => [row.id, row]));
  const now = new Date();
  const items = batch.items.map(({ uri, decision, decidedBy }): SubjectBatchItem => {
    const row = byId.get(itemSubjectId(uri) ?? 0);
    const claimed = row?.claimedBy && row.claimedUntil && row.claimedUntil > now ? row.claimedBy : null;
    return {
      uri,
      decision,
      decidedBy,
      subject: row
        ? { id: row.id, ref: row.subject as SubjectRef, state: row.state, reportCount: row.reportCount, reporterCount: row.reporterCount, reasonTypes: row.reasonTypes, claimedBy: claimed, content: contents.get(row.id) }
        : null,
    };
  });
  return { id, status, act, actLabel: actLabel(act), createdBy: batch.createdBy, items };
}
