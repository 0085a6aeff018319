import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";

/**
 * Failed credentials (login form, API tokens, relay and cron secrets), counted per
 * client and in total, in fixed windows of LOGIN_WINDOW_SECONDS. The rules and why
 * are in docs/decisions/014-credential-throttling.md. In memory: each process counts
 * on its own.
 */
type Window = { failures: number; resetAt: number };
type Counters = { clients: Map<string, Window>; total: Window };

const cache = globalThis as unknown as { __wardenCredentialFailures?: Counters };
const counters = (): Counters => (cache.__wardenCredentialFailures ??= { clients: new Map(), total: { failures: 0, resetAt: 0 } });
const MAX_CLIENTS = 10_000;

/**
 * Why this client may not present a credential now (429 with the rate-limit
 * details), or null. Asked before the credential is checked, so that a refused
 * client learns nothing about what it sent; a client without a recent failure is
 * never refused.
 */
export function credentialRefusal(address: string, now = Date.now()): AppError | null {
  const { LOGIN_MAX_FAILURES: perClient, LOGIN_MAX_GLOBAL_FAILURES: total, LOGIN_WINDOW_SECONDS: windowSeconds } = env();
  const client = live(counters().clients.get(throttleKey(address)), now);
  if (!client) return null;
  if (client.failures >= perClient) {
    return rateLimited("Too many failed credentials from this address; try again later", perClient, windowSeconds, client.resetAt, now);
  }
  // Past the global ceiling (guessing from many addresses), a client that has
  // already failed in this window gets no further try until a window ends.
  const all = live(counters().total, now);
  if (all && all.failures >= total) {
    return rateLimited("Too many failed credentials; try again later", total, windowSeconds, Math.min(client.resetAt, all.resetAt), now);
  }
  return null;
}

export function recordCredentialFailure(address: string, now = Date.now()): void {
  const state = counters();
  const windowMs = env().LOGIN_WINDOW_SECONDS * 1000;
  if (!live(state.total, now)) state.total = { failures: 0, resetAt: now + windowMs };
  state.total.failures += 1;
  const key = throttleKey(address);
  const client = live(state.clients.get(key), now);
  if (client) {
    client.failures += 1;
    return;
  }
  state.clients.delete(key); // re-inserted last: the map stays in order of age
  if (state.clients.size >= MAX_CLIENTS) forgetOldest(state.clients, now);
  state.clients.set(key, { failures: 1, resetAt: now + windowMs });
}

/**
 * Checks a credential under the throttle: a refused client is not checked at all
 * (429), and a wrong credential counts against its address. A right one counts for
 * nothing: it must not clear the failures, or one valid low-privilege token would
 * buy unlimited guesses at another.
 */
export async function throttledCheck<T>(address: string, check: () => T | null | Promise<T | null>): Promise<T | null> {
  const refusal = credentialRefusal(address);
  if (refusal) throw refusal;
  const result = await check();
  if (result === null) recordCredentialFailure(address);
  return result;
}

/** Forgets every count (tests, and a restart). */
export function resetCredentialThrottle(): void {
  delete cache.__wardenCredentialFailures;
}

/** IPv6 clients are counted by /64: one host usually holds the whole prefix. */
export function throttleKey(address: string): string {
  if (!address.includes(":")) return address;
  const [head = "", tail] = address.split("::");
  const left = head ? head.split(":") : [];
  const right = tail ? tail.split(":") : [];
  const groups = [...left, ...Array<string>(Math.max(0, 8 - left.length - right.length)).fill("0"), ...right];
  return `${groups.slice(0, 4).join(":")}::/64`;
}

const live = (window: Window | undefined, now: number): Window | undefined => (window && window.resetAt > now ? window : undefined);

function forgetOldest(clients: Map<string, Window>, now: number): void {
  for (const [key, window] of clients) if (window.resetAt <= now) clients.delete(key);
  // Still full of live counts (addresses rotating faster than windows end): drop the
  // oldest half; the global ceiling still holds for them.
  if (clients.size >= MAX_CLIENTS) [...clients.keys()].slice(0, MAX_CLIENTS / 2).forEach((key) => clients.delete(key));
}

function rateLimited(message: string, limit: number, windowSeconds: number, resetAt: number, now: number): AppError {
  return new AppError("rate_limited", message, {
    retryAfterSeconds: Math.max(1, Math.ceil((resetAt - now) / 1000)),
    rateLimit: { limit, remaining: 0, resetAt, windowSeconds },
  });
}
