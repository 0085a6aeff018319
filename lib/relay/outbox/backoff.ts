/** Delivery retries: exponential from 1 s, doubling, capped at 10 minutes. */
export const DELIVERY_BACKOFF = { baseMs: 1_000, capMs: 10 * 60_000 } as const;

/**
 * The wait before retry number `attempt` (1 = the first retry): exponential with
 * "equal jitter" (half fixed, half random), so retries of many events spread out
 * instead of hitting a returning relay at the same instant.
 */
export function deliveryDelayMs(attempt: number, random: () => number = Math.random): number {
  const exponential = Math.min(DELIVERY_BACKOFF.capMs, DELIVERY_BACKOFF.baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(exponential / 2 + (random() * exponential) / 2);
}
