import { db } from "@/lib/db";

// On globalThis: the custom server and Next's bundle are separate module graphs.
const state = globalThis as unknown as { __wardenJtiLastPrune?: number };
const PRUNE_EVERY_MS = 60_000;
/** Kept past exp for processes whose clocks disagree. */
const CLOCK_SKEW_SECONDS = 60;

/**
 * Accepts a service JWT's (iss, jti) once while the token is valid, across every
 * process sharing the database: INSERT … ON CONFLICT DO NOTHING, so of two
 * concurrent claims exactly one inserts. Returns false for a replay.
 */
export async function claimServiceJwt(iss: string, jti: string, exp: number, now = new Date()): Promise<boolean> {
  const expiresAt = new Date((exp + CLOCK_SKEW_SECONDS) * 1000);
  const { count } = await db().serviceJwtUse.createMany({ data: [{ iss, jti, expiresAt }], skipDuplicates: true });
  if (now.getTime() - (state.__wardenJtiLastPrune ?? 0) >= PRUNE_EVERY_MS) {
    state.__wardenJtiLastPrune = now.getTime();
    await db().serviceJwtUse.deleteMany({ where: { expiresAt: { lt: now } } });
  }
  return count === 1;
}
