import { EventEmitter } from "node:events";
import { db } from "@/lib/db";
import type { Prisma } from "@/lib/db/generated/client";
import type { PubkeyTier } from "./policy/tiers";

/** Something the plugin's snapshot must learn: a tier, or an id to accept (approved) or no longer (delivered). */
export type PolicyChange = { pubkey: string; tier: PubkeyTier } | { eventId: string; approved: boolean };

/**
 * Records changes under a new snapshot version, inside the caller's transaction.
 * The version row stays locked until commit, so versions commit in order and a
 * plugin that has seen version N has seen every change up to N (decision 008).
 * Call it last in a transaction, and `announcePolicyChange()` after the commit.
 */
export async function recordPolicyChanges(tx: Prisma.TransactionClient, changes: PolicyChange[]): Promise<bigint> {
  const [row] = await tx.$queryRaw<{ version: bigint }[]>`
    INSERT INTO relay_policy_state (id, version) VALUES (1, 1)
    ON CONFLICT (id) DO UPDATE SET version = relay_policy_state.version + 1
    RETURNING version`;
  const version = row!.version;
  await tx.relayPolicyChange.createMany({ data: changes.map((change) => ({ version, ...change })) });
  return version;
}

/** The current version and the version up to which changes were pruned. */
export async function policyVersion(): Promise<{ version: number; prunedThrough: number }> {
  const state = await db().relayPolicyState.findUnique({ where: { id: 1 } });
  return { version: Number(state?.version ?? 0), prunedThrough: Number(state?.prunedThrough ?? 0) };
}

/** Drops changes older than `before`; a plugin behind them then reloads the full snapshot. */
export async function prunePolicyChanges(before: Date): Promise<number> {
  return db().$transaction(async (tx) => {
    const { _max } = await tx.relayPolicyChange.aggregate({ where: { at: { lt: before } }, _max: { version: true } });
    const through = _max.version;
    if (through === null) return 0;
    const { count } = await tx.relayPolicyChange.deleteMany({ where: { version: { lte: through } } });
    await tx.relayPolicyState.updateMany({ where: { id: 1, prunedThrough: { lt: through } }, data: { prunedThrough: through } });
    return count;
  });
}

// Long-polling snapshot requests wait on this; one per process (the server and Next's
// bundle are separate module graphs). Other processes are seen by polling.
type Changes = { emitter: EventEmitter; released: boolean };
const globals = globalThis as typeof globalThis & { __wardenPolicyChanges?: Changes };
const changes = (globals.__wardenPolicyChanges ??= { emitter: new EventEmitter().setMaxListeners(0), released: false });

/** Wakes this process's waiting snapshot requests (after a commit that recorded changes). */
export function announcePolicyChange(): void {
  changes.emitter.emit("change");
}

/** Ends every waiting snapshot request now, and makes later ones answer at once (shutdown). */
export function releasePolicyWaits(): void {
  changes.released = true;
  changes.emitter.emit("release");
}

/** Resolves on the next announced change, after `ms`, or when released or aborted, whichever comes first. */
export function nextPolicyChange(ms: number, signal?: AbortSignal): Promise<"change" | "timeout" | "release"> {
  if (changes.released || signal?.aborted) return Promise.resolve("release");
  return new Promise((resolve) => {
    const done = (why: "change" | "timeout" | "release") => {
      clearTimeout(timer);
      changes.emitter.off("change", onChange);
      changes.emitter.off("release", onRelease);
      signal?.removeEventListener("abort", onRelease);
      resolve(why);
    };
    const onChange = () => done("change");
    const onRelease = () => done("release");
    const timer = setTimeout(() => done("timeout"), ms);
    changes.emitter.once("change", onChange);
    changes.emitter.once("release", onRelease);
    signal?.addEventListener("abort", onRelease, { once: true });
  });
}
