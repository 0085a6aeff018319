import { db } from "@/lib/db";
import { FLAG_VAL } from "./flag-definition";
import { labelerDid } from "@/lib/labels/labeler-identity";

/**
 * Flags by status (lib/flags/flag-definition.ts): this labeler's copyright-violation
 * heads. `pending` ones are in force, `resolved` ones were negated (a moderator
 * cleared them), `expired` ones ran out.
 */
export type FlagCounts = { pending: number; resolved: number; expired: number };

export async function countFlags(now: Date = new Date()): Promise<FlagCounts> {
  const rows = await db().$queryRaw<{ pending: bigint; resolved: bigint; expired: bigint }[]>`
    SELECT
      count(*) FILTER (WHERE NOT l.neg AND (l.exp IS NULL OR l.exp > ${now})) AS pending,
      count(*) FILTER (WHERE l.neg) AS resolved,
      count(*) FILTER (WHERE NOT l.neg AND l.exp <= ${now}) AS expired
    FROM label_heads h
    JOIN labels l ON l.seq = h.seq
    WHERE h.src = ${labelerDid()} AND h.val = ${FLAG_VAL}`;
  const row = rows[0];
  return {
    pending: Number(row?.pending ?? 0),
    resolved: Number(row?.resolved ?? 0),
    expired: Number(row?.expired ?? 0),
  };
}
