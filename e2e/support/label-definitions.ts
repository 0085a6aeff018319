import { E2E_ADMIN_TOKEN, E2E_PORT } from "./settings";

/**
 * Defines label values through the admin API (emission refuses undefined values).
 * Idempotent: a definition is created or replaced.
 */
export async function defineLabelValues(values: string[], origin = `http://127.0.0.1:${E2E_PORT}`, adminToken = E2E_ADMIN_TOKEN): Promise<void> {
  for (const identifier of values) {
    const response = await fetch(`${origin}/api/labeler/definitions`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-moderation-key": adminToken },
      body: JSON.stringify({ identifier, severity: "inform", blurs: "none", locales: [{ lang: "en", name: identifier, description: `E2E value ${identifier}` }] }),
    });
    if (!response.ok) throw new Error(`defining ${identifier}: ${response.status} ${await response.text()}`);
  }
}
