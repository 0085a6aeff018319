import { db } from "@/lib/db";
import type { Pipeline } from "../verdicts";
import { toDecisionView, type DecisionView } from "./decision-view";

/**
 * The latest real (not dry-run) decision on each of these items, to show next to
 * flags and relay events. Items never triaged are absent from the map.
 */
export async function latestDecisions(pipeline: Pipeline, items: readonly string[]): Promise<Map<string, DecisionView>> {
  if (items.length === 0) return new Map();
  // DISTINCT ON reads one row per item off the (pipeline, item) index, however many runs saw it.
  const latest = await db().$queryRaw<{ id: bigint }[]>`
    SELECT DISTINCT ON (item) id FROM triage_decisions
    WHERE pipeline = ${pipeline} AND item = ANY(${[...items]}::text[]) AND NOT dry_run
    ORDER BY item, id DESC`;
  const rows = await db().triageDecision.findMany({ where: { id: { in: latest.map((row) => row.id) } } });
  return new Map(rows.map((row) => [row.item, toDecisionView(row)]));
}
