import { db } from "@/lib/db";

export const HISTORY_LIMIT = 1000;

export type LabelEmission = {
  seq: string;
  src: string;
  cid: string | null;
  val: string;
  neg: boolean;
  cts: Date;
  exp: Date | null;
};

export type LabelHistory = { uri: string; emissions: LabelEmission[]; truncated: boolean };

/** Every label ever emitted on one subject (negations and superseded ones too), in seq order. */
export async function labelHistory(uri: string, limit = HISTORY_LIMIT): Promise<LabelHistory> {
  const rows = await db().label.findMany({
    where: { uri },
    orderBy: { seq: "asc" },
    take: limit + 1,
    select: { seq: true, src: true, cid: true, val: true, neg: true, cts: true, exp: true },
  });
  return {
    uri,
    emissions: rows.slice(0, limit).map((row) => ({ ...row, seq: row.seq.toString() })),
    truncated: rows.length > limit,
  };
}
