import { existsSync } from "node:fs";

export const E2E_PORT = Number(process.env.E2E_PORT ?? 3217);
export const E2E_ADMIN_TOKEN = "e2e-admin-token-0123456789abcdef";
/** The e2e server's RELAY_SECRET, for POST /api/relay/policy. */
export const E2E_RELAY_SECRET = "e2e-relay-secret-0123456789abcdef";

/** Debian's Chromium (or CHROMIUM_PATH). */
export function chromiumPath(): string {
  const candidates = [process.env.CHROMIUM_PATH, "/usr/bin/chromium", "/usr/bin/chromium-browser"];
  return candidates.find((candidate): candidate is string => Boolean(candidate && existsSync(candidate))) ?? "/usr/bin/chromium";
}
