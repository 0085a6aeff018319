import { z } from "zod";
import { db } from "@/lib/db";
import type { BatchStatus, ReviewDecision } from "@/lib/db/generated/enums";
import { AppError } from "@/lib/errors";
import { BATCH_ID } from "./flag-definition";
import { toFlaggedTrack, type FlaggedTrackJson } from "./flag-json";
import { latestPerUri, loadFlags, type Flag } from "./load-flags";

export type BatchItem = {
  uri: string;
  position: number;
  decision: ReviewDecision | null;
  decidedBy: string | null;
  decidedAt: Date | null;
  /** The subject's latest flag head; null only if the labeler's DID changed since. */
  flag: Flag | null;
};

export type Batch = {
  id: string;
  status: BatchStatus;
  createdBy: string;
  createdAt: Date;
  completedAt: Date | null;
  items: BatchItem[];
  reviewed: number;
  total: number;
};

/** A report batch (decision 035) reached through a flag route: its own routes are under /api/reports/batches. */
export const reportBatchError = () => new AppError("conflict", "This batch reviews report subjects: use /api/reports/batches/{id}");

/** A batch id in a route's path; an id of the wrong form is simply not found (getBatchOrThrow). */
export const batchIdParams = z.object({ id: z.string() });

/** What a batch reviews (flags or report subjects), or null when there is no such batch. */
export async function batchKind(id: string): Promise<"flags" | "reports" | null> {
  if (!BATCH_ID.test(id)) return null;
  return (await db().reviewBatch.findUnique({ where: { id }, select: { kind: true } }))?.kind ?? null;
}

/** A batch with its items in review order and each item's flag; 404 for an unknown (or malformed) id. */
export async function getBatchOrThrow(id: string): Promise<Batch> {
  const batch = BATCH_ID.test(id)
    ? await db().reviewBatch.findUnique({ where: { id }, include: { items: { orderBy: { position: "asc" } } } })
    : null;
  if (!batch) throw new AppError("not_found", "No review batch with this id");
  if (batch.kind !== "flags") throw reportBatchError();
  const flags = latestPerUri(await loadFlags(batch.items.map((item) => item.uri)));
  const items = batch.items.map(({ uri, position, decision, decidedBy, decidedAt }) => ({
    uri,
    position,
    decision,
    decidedBy,
    decidedAt,
    flag: flags.get(uri) ?? null,
  }));
  return {
    id: batch.id,
    status: batch.status,
    createdBy: batch.createdBy,
    createdAt: batch.createdAt,
    completedAt: batch.completedAt,
    items,
    reviewed: items.filter((item) => item.decision !== null).length,
    total: items.length,
  };
}

export type ReviewItemJson = FlaggedTrackJson & { decision: ReviewDecision | null; decided_by: string | null; decided_at: string | null };

/** plyr.fm's `ReviewPageData` ({batch_id, flags, status}) plus who made it and the progress. */
export function toReviewData(batch: Batch) {
  return {
    batch_id: batch.id,
    status: batch.status,
    created_by: batch.createdBy,
    created_at: batch.createdAt.toISOString(),
    completed_at: batch.completedAt?.toISOString() ?? null,
    reviewed: batch.reviewed,
    total: batch.total,
    flags: batch.items.map(
      (item): ReviewItemJson => ({
        ...(item.flag ? toFlaggedTrack(item.flag) : missingFlag(item.uri)),
        decision: item.decision,
        decided_by: item.decidedBy,
        decided_at: item.decidedAt?.toISOString() ?? null,
      }),
    ),
  };
}

const missingFlag = (uri: string): FlaggedTrackJson => ({ seq: 0, uri, val: "", created_at: "", resolved: false, status: "pending" });
