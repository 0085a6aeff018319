import { databaseKind, db } from "@/lib/db";
import { FLAG_VAL } from "@/lib/flags/flag-definition";
import { labelerDid } from "@/lib/labels/labeler-identity";
import { SUBJECT_ITEM_PREFIX } from "@/lib/reports/subject-batches";
import type { Pipeline } from "./verdicts";

/** Items that failed this often (no valid verdict) are left to humans. */
export const MAX_ATTEMPTS = 3;

export type Claim = { runId: string; dryRun: boolean; limit: number; leaseMs: number; exclude: string[] };

/**
 * The next items of a pipeline for a run, oldest first: never decided for real, not
 * given up on, not leased by another run. A real run leases them (two runs never
 * take the same item; a crashed run's leases expire); a dry run only reads, and
 * `exclude` keeps it from taking an item twice.
 */
export async function claimItems(pipeline: Pipeline, claim: Claim): Promise<string[]> {
  const candidates = await candidatesOf[pipeline](claim);
  if (claim.dryRun || candidates.length === 0) return candidates;
  const now = new Date();
  const rows = await db().$queryRaw<{ item: string }[]>`
    INSERT INTO triage_leases (item, run_id, expires_at)
    SELECT ${pipeline + ":"} || id, ${claim.runId}, ${new Date(now.getTime() + claim.leaseMs)} FROM unnest(${candidates}::text[]) AS id
    ON CONFLICT (item) DO UPDATE SET run_id = excluded.run_id, expires_at = excluded.expires_at
      WHERE triage_leases.expires_at <= ${now}
    RETURNING item`;
  const prefix = pipeline.length + 1;
  return rows.map((row) => row.item.slice(prefix));
}

/**
 * PGlite has no autovacuum, so its planner never learns table sizes and would check
 * each pending item against every past decision. A run refreshes the statistics of
 * the tables its claims read (PostgreSQL's autovacuum keeps them current by itself).
 */
export async function refreshClaimStatistics(): Promise<void> {
  if (databaseKind() !== "embedded") return;
  await db().$executeRawUnsafe("ANALYZE triage_decisions, triage_leases, label_heads, review_batch_items, relay_events, report_subjects");
}

/** Frees a run's leases on these items (done, or given back). */
export async function releaseItems(runId: string, pipeline: Pipeline, items: string[]): Promise<void> {
  if (items.length === 0) return;
  const keys = items.map((item) => `${pipeline}:${item}`);
  await db().triageLease.deleteMany({ where: { runId, item: { in: keys } } });
}

export async function releaseRun(runId: string): Promise<void> {
  await db().triageLease.deleteMany({ where: { runId } });
}

// Both queries skip live leases before trying to take them, so a run rarely claims
// fewer than it asked for while others hold work. An item decided once for real is
// never taken again, even after a moderator undid the decision: the human has spoken.

async function flagCandidates({ limit, exclude }: Claim): Promise<string[]> {
  const now = new Date();
  const rows = await db().$queryRaw<{ uri: string }[]>`
    SELECT h.uri FROM label_heads h JOIN labels l ON l.seq = h.seq
    WHERE h.src = ${labelerDid()} AND h.val = ${FLAG_VAL} AND NOT l.neg AND (l.exp IS NULL OR l.exp > ${now})
      AND NOT (h.uri = ANY(${exclude}::text[]))
      AND NOT EXISTS (SELECT 1 FROM review_batch_items i WHERE i.uri = h.uri AND i.decision IS NULL)
      AND NOT EXISTS (SELECT 1 FROM triage_leases t WHERE t.item = 'flags:' || h.uri AND t.expires_at > ${now})
      AND NOT EXISTS (SELECT 1 FROM triage_decisions d
                      WHERE d.pipeline = 'flags' AND d.item = h.uri AND NOT d.dry_run
                        AND (d.verdict IS NOT NULL OR d.outcome = 'content_deleted'))
      AND (SELECT count(*) FROM triage_decisions d
           WHERE d.pipeline = 'flags' AND d.item = h.uri AND NOT d.dry_run AND d.verdict IS NULL) < ${MAX_ATTEMPTS}
    ORDER BY h.seq LIMIT ${limit * 2}`;
  // A subject flagged on several record versions has several heads: walking the seq
  // index and de-duplicating here stops early, where GROUP BY would read every flag.
  return [...new Set(rows.map((row) => row.uri))].slice(0, limit);
}

async function relayCandidates({ limit, exclude }: Claim): Promise<string[]> {
  const now = new Date();
  const rows = await db().$queryRaw<{ id: string }[]>`
    SELECT e.id FROM relay_events e
    WHERE e.status = 'pending' AND NOT (e.id = ANY(${exclude}::text[]))
      AND NOT EXISTS (SELECT 1 FROM triage_leases t WHERE t.item = 'relay:' || e.id AND t.expires_at > ${now})
      AND NOT EXISTS (SELECT 1 FROM triage_decisions d
                      WHERE d.pipeline = 'relay' AND d.item = e.id AND NOT d.dry_run AND d.verdict IS NOT NULL)
      AND (SELECT count(*) FROM triage_decisions d
           WHERE d.pipeline = 'relay' AND d.item = e.id AND NOT d.dry_run AND d.verdict IS NULL) < ${MAX_ATTEMPTS}
    ORDER BY e.received_at, e.id LIMIT ${limit}`;
  return rows.map((row) => row.id);
}

/**
 * Open report subjects, least recently reported first. Appeals (the author contests a decision),
 * subjects a moderator holds a claim on and those waiting undecided in a review batch are left to humans.
 */
async function reportCandidates({ limit, exclude }: Claim): Promise<string[]> {
  const now = new Date();
  const rows = await db().$queryRaw<{ id: string }[]>`
    SELECT s.id::text AS id FROM report_subjects s
    WHERE s.state = 'open' AND NOT s.appealed AND s.report_count > 0
      AND (s.claimed_by IS NULL OR s.claimed_until <= ${now})
      AND NOT EXISTS (SELECT 1 FROM review_batch_items i WHERE i.uri = ${SUBJECT_ITEM_PREFIX} || s.id::text AND i.decision IS NULL)
      AND NOT (s.id::text = ANY(${exclude}::text[]))
      AND NOT EXISTS (SELECT 1 FROM triage_leases t WHERE t.item = 'reports:' || s.id::text AND t.expires_at > ${now})
      AND NOT EXISTS (SELECT 1 FROM triage_decisions d
                      WHERE d.pipeline = 'reports' AND d.item = s.id::text AND NOT d.dry_run AND d.verdict IS NOT NULL)
      AND (SELECT count(*) FROM triage_decisions d
           WHERE d.pipeline = 'reports' AND d.item = s.id::text AND NOT d.dry_run AND d.verdict IS NULL) < ${MAX_ATTEMPTS}
    ORDER BY s.last_reported_at, s.id LIMIT ${limit}`;
  return rows.map((row) => row.id);
}

const candidatesOf: Record<Pipeline, (claim: Claim) => Promise<string[]>> = { flags: flagCandidates, relay: relayCandidates, reports: reportCandidates };
