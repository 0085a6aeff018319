import { db } from "@/lib/db";

export type LabelCounts = { emitted: number; negations: number; subjects: number };

/** Every label the labeler ever emitted (negations included) and how many subjects they name. */
export async function countLabels(): Promise<LabelCounts> {
  const rows = await db().$queryRaw<{ emitted: bigint; negations: bigint; subjects: bigint }[]>`
    SELECT
      count(*) AS emitted,
      count(*) FILTER (WHERE neg) AS negations,
      count(DISTINCT uri) AS subjects
    FROM labels`;
  const row = rows[0];
  return {
    emitted: Number(row?.emitted ?? 0),
    negations: Number(row?.negations ?? 0),
    subjects: Number(row?.subjects ?? 0),
  };
}
