import { z } from "zod";
import { db } from "@/lib/db";
import type { BatchStatus } from "@/lib/db/generated/enums";
import { BATCH_ID } from "./flag-definition";

export const BATCH_PAGE_SIZE = 50;

const blank = (value: unknown) => (typeof value === "string" && value.trim() === "" ? undefined : value);

export const listBatchesQuerySchema = z.object({
  status: z.preprocess(blank, z.enum(["pending", "completed", "all"]).default("all")),
  /** The last batch of the previous page: its id (ids are unique, time ties are not). */
  after: z.preprocess(blank, z.string().regex(BATCH_ID, "after must be a batch id").optional()),
});
export type ListBatchesQuery = z.infer<typeof listBatchesQuerySchema>;

export type BatchSummary = {
  id: string;
  status: BatchStatus;
  /** flags, or report subjects (decision 035). */
  kind: "flags" | "reports";
  name: string | null;
  createdBy: string;
  createdAt: Date;
  completedAt: Date | null;
  reviewed: number;
  total: number;
};

type Row = Omit<BatchSummary, "reviewed" | "total"> & { reviewed: bigint; total: bigint };

/** Batches newest first with their progress, keyset-paginated by (created_at, id). */
export async function listBatches(query: ListBatchesQuery, limit = BATCH_PAGE_SIZE) {
  const status = query.status === "all" ? null : query.status;
  const rows = await db().$queryRaw<Row[]>`
    SELECT b.id, b.status::text AS status, b.kind::text AS kind, b.name, b.created_by AS "createdBy", b.created_at AS "createdAt",
           b.completed_at AS "completedAt",
           (SELECT count(*) FROM review_batch_items i WHERE i.batch_id = b.id AND i.decision IS NOT NULL) AS reviewed,
           (SELECT count(*) FROM review_batch_items i WHERE i.batch_id = b.id) AS total
    FROM review_batches b
    WHERE (${status}::text IS NULL OR b.status::text = ${status}::text)
      AND (${query.after ?? null}::text IS NULL
           OR (b.created_at, b.id) < (SELECT a.created_at, a.id FROM review_batches a WHERE a.id = ${query.after ?? null}::text))
    ORDER BY b.created_at DESC, b.id DESC
    LIMIT ${limit + 1}`;
  const page = rows.slice(0, limit).map((row) => ({ ...row, reviewed: Number(row.reviewed), total: Number(row.total) }));
  return { batches: page as BatchSummary[], nextAfter: rows.length > limit ? (page.at(-1)?.id ?? null) : null };
}
