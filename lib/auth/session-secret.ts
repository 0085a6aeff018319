import { randomBytes } from "node:crypto";
import { db } from "@/lib/db";
import { env } from "@/lib/env";

const SECRET_NAME = "session";

/**
 * The key that signs session cookies: NEXTAUTH_SECRET when set, otherwise one
 * generated on first use and kept in the database so that every process sharing
 * it (and every restart) accepts the same sessions.
 */
export async function sessionSecret(): Promise<string> {
  const configured = env().NEXTAUTH_SECRET;
  if (configured) return configured;
  const existing = await db().serviceSecret.findUnique({ where: { name: SECRET_NAME } });
  if (existing) return existing.value;
  const value = randomBytes(32).toString("base64url");
  // Two processes may race here: keep whichever was written first.
  await db().serviceSecret.createMany({ data: [{ name: SECRET_NAME, value }], skipDuplicates: true });
  return (await db().serviceSecret.findUniqueOrThrow({ where: { name: SECRET_NAME } })).value;
}
