import { createHash, timingSafeEqual } from "node:crypto";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { hashToken } from "./tokens";
import type { Principal } from "./permissions";

export const ENV_ADMIN_NAME = "admin (ADMIN_TOKEN)";

/** Compares two secrets in constant time, whatever their lengths. */
export function secretsEqual(a: string, b: string): boolean {
  const digest = (s: string) => createHash("sha256").update(s, "utf8").digest();
  return timingSafeEqual(digest(a), digest(b));
}

/**
 * The principal a token stands for, or null for a wrong, unknown or revoked token.
 * Stored tokens are found by the SHA-256 of the token, so no comparison of the
 * secret itself happens in the database.
 */
export async function authenticateToken(token: string): Promise<Principal | null> {
  const adminToken = env().ADMIN_TOKEN;
  if (adminToken && secretsEqual(token, adminToken)) {
    return { name: ENV_ADMIN_NAME, role: "admin", tokenId: null };
  }
  const record = await db().moderatorToken.findUnique({ where: { hash: hashToken(token) } });
  if (!record || record.revokedAt) return null;
  // lastUsedAt is a hint for the token list: written at most once a minute, and
  // losing a write is harmless, so the request does not wait for it.
  if (!record.lastUsedAt || Date.now() - record.lastUsedAt.getTime() > 60_000) {
    void db()
      .moderatorToken.update({ where: { id: record.id }, data: { lastUsedAt: new Date() } })
      .catch(() => {});
  }
  return { name: record.name, role: record.role, tokenId: record.id };
}

/** The token an API request carries in `X-Moderation-Key` or `Authorization: Bearer`. */
export function tokenFromHeaders(headers: Headers): string | null {
  const key = headers.get("x-moderation-key");
  if (key) return key.trim();
  const match = /^Bearer\s+(\S+)\s*$/i.exec(headers.get("authorization") ?? "");
  return match?.[1] ?? null;
}
