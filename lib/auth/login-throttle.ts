import { env } from "@/lib/env";

type Window = { failures: number; resetAt: number };

const cache = globalThis as unknown as { __wardenLoginFailures?: Map<string, Window> };
const windows = (cache.__wardenLoginFailures ??= new Map());

/**
 * Failed logins per client address in a fixed window. Kept in memory: a token has
 * 256 random bits, so this guards against noise and guessing scripts, not against
 * a real chance of success; each process counts on its own.
 */
export function loginRetryAfter(address: string, now = Date.now()): number | null {
  const window = windows.get(address);
  if (!window || window.resetAt <= now) return null;
  return window.failures >= env().LOGIN_MAX_FAILURES ? Math.ceil((window.resetAt - now) / 1000) : null;
}

export function recordLoginFailure(address: string, now = Date.now()): void {
  const window = windows.get(address);
  if (!window || window.resetAt <= now) {
    windows.set(address, { failures: 1, resetAt: now + env().LOGIN_WINDOW_SECONDS * 1000 });
    if (windows.size > 10_000) pruneExpired(now);
    return;
  }
  window.failures += 1;
}

export function clearLoginFailures(address: string): void {
  windows.delete(address);
}

function pruneExpired(now: number): void {
  for (const [address, window] of windows) if (window.resetAt <= now) windows.delete(address);
}

/**
 * The caller's address. The custom server sets `x-warden-client-ip` from the socket
 * (replacing anything the client sent); behind a platform proxy it falls back to the
 * proxy's headers.
 */
export function clientAddress(headers: Headers): string {
  return (
    headers.get("x-warden-client-ip") ??
    headers.get("x-real-ip") ??
    headers.get("x-forwarded-for")?.split(",")[0]?.trim() ??
    "unknown"
  );
}
