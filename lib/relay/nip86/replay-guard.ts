import { MAX_CLOCK_SKEW_SECONDS } from "./verify-nip98";

// On globalThis: the custom server and Next's bundle are separate module graphs.
const store = globalThis as unknown as { __wardenNip98Seen?: Map<string, number> };
const MAX_REMEMBERED = 50_000;

/**
 * Accepts each NIP-98 token once. A token is valid for a minute either side of
 * now, so one captured in transit could otherwise be replayed in that window.
 * Keyed by signature, not event id: the same call signed twice in one second has
 * the same id, but BIP-340 signing with fresh randomness gives a new signature.
 * Returns false for a signature already used.
 */
export function claimAuthEvent(signature: string, createdAt: number, nowSeconds = Math.floor(Date.now() / 1000)): boolean {
  const seen = (store.__wardenNip98Seen ??= new Map());
  if (seen.has(signature)) return false;
  if (seen.size >= MAX_REMEMBERED) forgetExpired(seen, nowSeconds);
  seen.set(signature, createdAt);
  return true;
}

function forgetExpired(seen: Map<string, number>, nowSeconds: number): void {
  for (const [signature, createdAt] of seen) {
    if (createdAt < nowSeconds - MAX_CLOCK_SKEW_SECONDS) seen.delete(signature);
  }
  // Still full of live tokens (a flood of valid admin calls): drop the oldest half.
  if (seen.size >= MAX_REMEMBERED) [...seen.keys()].slice(0, MAX_REMEMBERED / 2).forEach((signature) => seen.delete(signature));
}
