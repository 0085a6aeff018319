import { db } from "@/lib/db";
import { nextPolicyChange, policyVersion } from "./policy-changes";
import { policyConfig } from "./policy-config";
import type { SnapshotUpdate } from "./policy/snapshot";
import type { PubkeyTier } from "./policy/tiers";
import { approvedStatuses } from "./queue-item";

/** Longest a snapshot request may wait for a change. */
export const MAX_SNAPSHOT_WAIT_SECONDS = 25;
// Changes made by other processes are noticed by polling this often.
const POLL_MS = 1_000;

/**
 * The plugin's snapshot: in full without `since` (or when `since` was pruned or is
 * from another database), else the net changes after `since`. With `waitSeconds`,
 * waits up to that long for a change first (long poll).
 */
export async function readSnapshot(since: number | undefined, waitSeconds = 0, signal?: AbortSignal): Promise<SnapshotUpdate> {
  let state = await policyVersion();
  if (since === undefined || since < state.prunedThrough || since > state.version) return fullSnapshot(state.version);
  const deadline = Date.now() + Math.min(waitSeconds, MAX_SNAPSHOT_WAIT_SECONDS) * 1000;
  while (state.version === since && Date.now() < deadline && !signal?.aborted) {
    if ((await nextPolicyChange(Math.min(POLL_MS, deadline - Date.now()), signal)) === "release") break;
    state = await policyVersion();
  }
  if (since < state.prunedThrough) return fullSnapshot(state.version);
  return changesSince(since, state.version);
}

// The version is read before the state: changes committed in between are in the state
// and again in the next delta, and re-applying them in order gives the same result.
async function fullSnapshot(version: number): Promise<SnapshotUpdate> {
  const [pubkeys, approved] = await Promise.all([
    db().relayPubkey.findMany({ where: { trust: { not: "unknown" } }, select: { pubkey: true, trust: true } }),
    db().relayEvent.findMany({
      where: { status: { in: [...approvedStatuses] }, delivery: { in: ["queued", "retrying"] } },
      select: { id: true },
    }),
  ]);
  return {
    version,
    full: true,
    config: policyConfig(),
    tiers: byTier(pubkeys.map(({ pubkey, trust }) => [pubkey, trust])),
    approved: approved.map(({ id }) => id),
    unapproved: [],
  };
}

async function changesSince(since: number, version: number): Promise<SnapshotUpdate> {
  const rows = await db().relayPolicyChange.findMany({
    where: { version: { gt: since, lte: version } },
    orderBy: [{ version: "asc" }, { id: "asc" }],
  });
  // Net effect, last change wins.
  const tiers = new Map<string, PubkeyTier>();
  const approved = new Map<string, boolean>();
  for (const row of rows) {
    if (row.pubkey && row.tier) tiers.set(row.pubkey, row.tier);
    if (row.eventId && row.approved !== null) approved.set(row.eventId, row.approved);
  }
  const ids = (value: boolean) => [...approved].filter(([, on]) => on === value).map(([id]) => id);
  return { version, full: false, config: policyConfig(), tiers: byTier(tiers), approved: ids(true), unapproved: ids(false) };
}

function byTier(entries: Iterable<[string, PubkeyTier]>): SnapshotUpdate["tiers"] {
  const tiers: SnapshotUpdate["tiers"] = {};
  for (const [pubkey, tier] of entries) (tiers[tier] ??= []).push(pubkey);
  return tiers;
}
