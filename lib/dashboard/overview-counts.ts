import { db } from "@/lib/db";
import { countBatches } from "./count-batches";
import { countFlags } from "@/lib/flags/count-flags";
import { countRelayEvents, undecidedRelayStatuses } from "./count-relay-events";

export type OverviewCounts = {
  /** Flags still in force (see countFlags). */
  flags: number;
  /** Review batches with status pending. */
  batches: number;
  /** Relay events waiting for a decision (pending or flagged by AI). */
  relay: number;
  /** Labels emitted, negations included. */
  labels: number;
  /** Audit entries in the last 24 hours. */
  audit: number;
  /** Stored moderator tokens that are not revoked (ADMIN_TOKEN not included). */
  tokens: number;
};

const DAY_MS = 24 * 60 * 60 * 1000;

export async function overviewCounts(now: Date = new Date()): Promise<OverviewCounts> {
  const [flags, batches, relay, labels, audit, tokens] = await Promise.all([
    countFlags(now),
    countBatches(),
    countRelayEvents(),
    db().label.count(),
    db().auditEntry.count({ where: { at: { gte: new Date(now.getTime() - DAY_MS) } } }),
    db().moderatorToken.count({ where: { revokedAt: null } }),
  ]);
  return {
    flags: flags.pending,
    batches: batches.pending,
    relay: undecidedRelayStatuses.reduce((sum, status) => sum + relay[status], 0),
    labels,
    audit,
    tokens,
  };
}
