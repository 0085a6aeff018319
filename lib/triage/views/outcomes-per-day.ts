import { db } from "@/lib/db";
import { outcomes, type Outcome } from "../verdicts";

export const CHART_DAYS = 14;

/** One UTC day: how many items ended in each outcome. */
export type DayOutcomes = { day: string; counts: Record<Outcome, number>; total: number };

const DAY_MS = 86_400_000;
const dayKey = (date: Date) => date.toISOString().slice(0, 10);

/**
 * Outcomes of real (not dry-run) decisions per UTC day, for the last `days` days
 * including today, oldest first; days without decisions are there with zeros.
 */
export async function outcomesPerDay(days = CHART_DAYS, now = new Date()): Promise<DayOutcomes[]> {
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  const since = new Date(today - (days - 1) * DAY_MS);
  // `at` is a UTC timestamp without a zone, so its date is the UTC day.
  const rows = await db().$queryRaw<{ day: string; outcome: string; n: number }[]>`
    SELECT to_char(at, 'YYYY-MM-DD') AS day, outcome, count(*)::int AS n
    FROM triage_decisions WHERE at >= ${since} AND NOT dry_run
    GROUP BY 1, 2`;
  const byDay = new Map<string, DayOutcomes>();
  for (let i = 0; i < days; i++) {
    const day = dayKey(new Date(since.getTime() + i * DAY_MS));
    byDay.set(day, { day, counts: Object.fromEntries(outcomes.map((o) => [o, 0])) as Record<Outcome, number>, total: 0 });
  }
  for (const { day, outcome, n } of rows) {
    const entry = byDay.get(day);
    if (!entry || !(outcomes as readonly string[]).includes(outcome)) continue;
    entry.counts[outcome as Outcome] += n;
    entry.total += n;
  }
  return [...byDay.values()];
}
