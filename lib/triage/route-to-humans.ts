import { db } from "@/lib/db";
import { insertBatch, takeBatchLock, type CreatedBatch } from "@/lib/flags/create-batch";
import { FLAG_VAL, MAX_BATCH_ITEMS } from "@/lib/flags/flag-definition";
import { loadFlags } from "@/lib/flags/load-flags";
import type { NotifyResult } from "./notify";
import { notifyConfigured, TRIAGE_ACTOR } from "./settings";
import type { Outcome } from "./verdicts";

export type HumanRouting = { batch: CreatedBatch | null; notified: string[]; failed: NotifyResult["failed"] };

/**
 * Puts every flag triage sent to humans and no batch holds yet (none made since the
 * decision, no open one at all) into one review batch — this run's, and any a
 * crashed run left behind — and tells the moderators by DM, with the relay events
 * this run flagged.
 */
export async function routeToHumans(baseUrl: string | null, counts: Record<Outcome, number>): Promise<HumanRouting> {
  const batch = await batchUnbatchedFlags();
  const flagged = counts.ai_flagged;
  if ((!batch && flagged === 0) || !notifyConfigured()) return { batch, notified: [], failed: [] };

  const link = (path: string) => (baseUrl ? new URL(path, baseUrl).href : path);
  const lines = ["Warden triage:"];
  if (batch) {
    const violations = counts.violation > 0 ? ` (${counts.violation} likely violations)` : "";
    lines.push(`${batch.flag_count} copyright flags need review${violations}: ${link(batch.url)}`);
  }
  if (flagged > 0) lines.push(`${flagged} relay events flagged: ${link("/relay?status=ai_flagged")}`);
  // @atproto/api is large: loaded only when there is someone to tell.
  const { notifyModerators } = await import("./notify");
  const result = await notifyModerators(lines.join("\n"));
  return { batch, notified: result.sent, failed: result.failed };
}

async function batchUnbatchedFlags(): Promise<CreatedBatch | null> {
  return db().$transaction(async (tx) => {
    // Runs that finish together (or a moderator's batch) must not batch the same flags twice.
    await takeBatchLock(tx);
    const rows = await tx.$queryRaw<{ item: string }[]>`
      SELECT d.item FROM triage_decisions d
      WHERE d.pipeline = 'flags' AND NOT d.dry_run AND d.undone_at IS NULL AND d.outcome IN ('needs_human', 'violation', 'held')
        -- Batched since the decision, or undecided in an open batch (as a moderator's batch skips it).
        AND NOT EXISTS (SELECT 1 FROM review_batch_items i JOIN review_batches b ON b.id = i.batch_id
                        WHERE i.uri = d.item AND (b.created_at >= d.at OR (i.decision IS NULL AND b.status = 'pending')))
      GROUP BY d.item ORDER BY min(d.id) LIMIT ${MAX_BATCH_ITEMS}`;
    if (rows.length === 0) return null;
    // Only flags still pending: a moderator may have cleared some since.
    const pending = (await loadFlags(rows.map((row) => row.item), FLAG_VAL, tx)).filter((flag) => flag.status === "pending");
    const uris = [...new Set(pending.map((flag) => flag.uri))];
    return uris.length ? insertBatch(tx, uris, TRIAGE_ACTOR, TRIAGE_ACTOR, [], "AI triage: for a human") : null;
  });
}
