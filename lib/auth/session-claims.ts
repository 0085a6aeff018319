import { createHmac } from "node:crypto";
import { z } from "zod";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { ENV_ADMIN_NAME, secretsEqual } from "./authenticate";
import { roles, type Principal } from "./permissions";

/**
 * What a session cookie records: who, which role, and what it was issued from, so
 * that every request can tell whether that still holds. A stored token by its id;
 * ADMIN_TOKEN by a keyed fingerprint (`adminKey`), never the token itself, so that
 * changing ADMIN_TOKEN ends the sessions made from the old one.
 */
const claimsSchema = z.object({
  name: z.string().min(1),
  role: z.enum(roles),
  tokenId: z.number().int().nullable(),
  adminKey: z.string().optional(),
});
export type SessionClaims = z.infer<typeof claimsSchema>;

/** HMAC-SHA256 of ADMIN_TOKEN under the session secret. */
export function adminTokenKey(adminToken: string, secret: string): string {
  return createHmac("sha256", secret).update(`ADMIN_TOKEN\0${adminToken}`).digest("base64url");
}

/** The claims a session for this principal starts with. */
export function sessionClaims(principal: Principal, secret: string): SessionClaims {
  const { name, role, tokenId } = principal;
  if (tokenId !== null) return { name, role, tokenId };
  const adminToken = env().ADMIN_TOKEN;
  if (!adminToken) throw new Error("An ADMIN_TOKEN principal while ADMIN_TOKEN is unset");
  return { name, role, tokenId, adminKey: adminTokenKey(adminToken, secret) };
}

/**
 * The principal a session stands for now, or null when it no longer holds: its token
 * revoked, deleted, renamed or given another role; ADMIN_TOKEN changed or unset; or a
 * cookie without these claims (issued by an older version).
 */
export async function sessionPrincipal(claims: unknown, secret: string): Promise<Principal | null> {
  const parsed = claimsSchema.safeParse(claims);
  if (!parsed.success) return null;
  const { name, role, tokenId, adminKey } = parsed.data;
  if (tokenId === null) {
    const adminToken = env().ADMIN_TOKEN;
    const current = adminToken && adminKey && secretsEqual(adminKey, adminTokenKey(adminToken, secret));
    return current && name === ENV_ADMIN_NAME && role === "admin" ? { name, role, tokenId } : null;
  }
  const record = await db().moderatorToken.findUnique({ where: { id: tokenId } });
  return record && !record.revokedAt && record.name === name && record.role === role ? { name, role, tokenId } : null;
}
