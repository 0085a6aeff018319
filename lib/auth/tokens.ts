import { createHash, randomBytes } from "node:crypto";
import { z } from "zod";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { recordAudit } from "@/lib/audit/record-audit";
import { roles, type Role } from "./permissions";

const TOKEN_PREFIX = "wdn_";

/** 256 random bits; the prefix makes a leaked token easy to recognise and scan for. */
export function generateToken(): string {
  return TOKEN_PREFIX + randomBytes(32).toString("base64url");
}

/** Tokens carry 256 bits of entropy, so one fast hash is enough (no password stretching). */
export function hashToken(token: string): string {
  return createHash("sha256").update(token, "utf8").digest("hex");
}

export const tokenNameSchema = z
  .string()
  .trim()
  .min(1, "name is required")
  .max(64, "name must be at most 64 characters")
  .regex(/^[\w.@-]+$/, "name may contain letters, digits, and . _ @ - only");

export const createTokenInputSchema = z.object({
  name: tokenNameSchema,
  role: z.enum(roles, { error: `role must be one of ${roles.join(", ")}` }),
});
export type CreateTokenInput = z.infer<typeof createTokenInputSchema>;

/**
 * A key another service already holds (plyr.fm's MODERATION_AUTH_TOKEN), kept as a
 * token so the service needs no change. Stored as one SHA-256 like generated ones,
 * so it must be long enough not to be guessed from the hash.
 */
export const existingKeySchema = z
  .string()
  .min(32, "an existing key must be at least 32 characters (generate a new token instead)")
  .max(512, "an existing key must be at most 512 characters")
  .regex(/^[\x21-\x7e]+$/, "an existing key must be printable ASCII without spaces");

/**
 * Creates a token and returns it in clear: the only time it is ever visible. With
 * `existingKey`, that key becomes the token instead of a generated one.
 */
export async function createToken(input: CreateTokenInput, actor: string, existingKey?: string): Promise<{ token: string; name: string; role: Role }> {
  const { name, role } = createTokenInputSchema.parse(input);
  const token = existingKey === undefined ? generateToken() : existingKeySchema.parse(existingKey);
  await db().$transaction(async (tx) => {
    if (await tx.moderatorToken.findUnique({ where: { name } })) {
      throw new AppError("conflict", `A token named ${name} already exists`);
    }
    await tx.moderatorToken.create({ data: { name, role, hash: hashToken(token) } });
    await recordAudit({ actor, action: "token.create", subject: `token:${name}`, detail: { role, ...(existingKey !== undefined && { imported: true }) } }, tx);
  });
  return { token, name, role };
}

export async function listTokens() {
  return db().moderatorToken.findMany({
    select: { id: true, name: true, role: true, createdAt: true, lastUsedAt: true, revokedAt: true },
    orderBy: { createdAt: "asc" },
  });
}

export async function revokeToken(name: string, actor: string): Promise<void> {
  await db().$transaction(async (tx) => {
    const token = await tx.moderatorToken.findUnique({ where: { name } });
    if (!token) throw new AppError("not_found", `No token named ${name}`);
    if (token.revokedAt) throw new AppError("conflict", `Token ${name} is already revoked`);
    await tx.moderatorToken.update({ where: { name }, data: { revokedAt: new Date() } });
    await recordAudit({ actor, action: "token.revoke", subject: `token:${name}` }, tx);
  });
}

/**
 * On the very first start there is no way to log in, so one admin token is made
 * and returned for printing. Later starts return null.
 */
export async function ensureFirstAdminToken(): Promise<string | null> {
  if ((await db().moderatorToken.count()) > 0) return null;
  try {
    return (await createToken({ name: "admin", role: "admin" }, "system")).token;
  } catch (error) {
    // Another process sharing the database won the race and printed its own.
    if (error instanceof AppError && error.code === "conflict") return null;
    throw error;
  }
}
