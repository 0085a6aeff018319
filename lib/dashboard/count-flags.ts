import { db } from "@/lib/db";

/**
 * A flag is a label in force on a subject: the latest emission for its
 * (src, uri, cid, val) is not a negation. `pending` ones are still in force,
 * `resolved` ones were negated (a moderator cleared them), `expired` ones ran out.
 */
export type FlagCounts = { pending: number; resolved: number; expired: number };

export async function countFlags(now: Date = new Date()): Promise<FlagCounts> {
  const rows = await db().$queryRaw<{ pending: bigint; resolved: bigint; expired: bigint }[]>`
    SELECT
      count(*) FILTER (WHERE NOT l.neg AND (l.exp IS NULL OR l.exp > ${now})) AS pending,
      count(*) FILTER (WHERE l.neg) AS resolved,
      count(*) FILTER (WHERE NOT l.neg AND l.exp <= ${now}) AS expired
    FROM label_heads h
    JOIN labels l ON l.seq = h.seq`;
  const row = rows[0];
  return {
    pending: Number(row?.pending ?? 0),
    resolved: Number(row?.resolved ?? 0),
    expired: Number(row?.expired ?? 0),
  };
}
