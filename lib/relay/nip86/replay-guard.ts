import { db } from "@/lib/db";
import { MAX_CLOCK_SKEW_SECONDS } from "./verify-nip98";

// On globalThis: the custom server and Next's bundle are separate module graphs.
const state = globalThis as unknown as { __wardenNip98LastPrune?: number };
const PRUNE_EVERY_MS = 60_000;

/**
 * Accepts each NIP-98 token once, across every process sharing the database and
 * every restart. A token is valid for a minute either side of now, so one captured
 * in transit could otherwise be replayed in that window.
 * Keyed by signature, not event id: the same call signed twice in one second has
 * the same id, but BIP-340 signing with fresh randomness gives a new signature.
 * Returns false for a signature already used.
 */
export async function claimAuthEvent(signature: string, createdAt: number, now = new Date()): Promise<boolean> {
  // Kept until the clock check refuses the token anyway, plus the same again for
  // processes whose clocks disagree.
  const expiresAt = new Date((createdAt + 2 * MAX_CLOCK_SKEW_SECONDS) * 1000);
  // INSERT … ON CONFLICT DO NOTHING: of two concurrent claims, exactly one inserts.
  const { count } = await db().nip98UsedToken.createMany({ data: [{ signature, expiresAt }], skipDuplicates: true });
  await pruneOccasionally(now);
  return count === 1;
}

/** Expired tokens go at most once a minute per process: one indexed delete. */
async function pruneOccasionally(now: Date): Promise<void> {
  if (now.getTime() - (state.__wardenNip98LastPrune ?? 0) < PRUNE_EVERY_MS) return;
  state.__wardenNip98LastPrune = now.getTime();
  await db().nip98UsedToken.deleteMany({ where: { expiresAt: { lt: now } } });
}
