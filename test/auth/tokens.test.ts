import { describe, expect, it } from "vitest";
import { authenticateToken } from "@/lib/auth/authenticate";
import { sessionClaims, sessionPrincipal } from "@/lib/auth/session-claims";
import { createToken, ensureFirstAdminToken, hashToken, listTokens, revokeToken } from "@/lib/auth/tokens";
import { db } from "@/lib/db";
import { withMigratedDatabase } from "../support/database";

withMigratedDatabase();

describe("moderator tokens", () => {
  it("makes the first admin token only once", async () => {
    const first = await ensureFirstAdminToken();
    expect(first).toMatch(/^wdn_[\w-]{43}$/);
    expect(await ensureFirstAdminToken()).toBeNull();
    expect(await authenticateToken(first!)).toMatchObject({ name: "admin", role: "admin" });
  });

  it("stores only the hash, and authenticates by it", async () => {
    const { token } = await createToken({ name: "alice", role: "moderator" }, "test");
    const row = await db().moderatorToken.findUniqueOrThrow({ where: { name: "alice" } });
    expect(row.hash).toBe(hashToken(token));
    expect(JSON.stringify(row)).not.toContain(token);
    expect(JSON.stringify(await listTokens())).not.toContain(row.hash);
    expect(await authenticateToken(token)).toEqual({ name: "alice", role: "moderator", tokenId: row.id });
    expect(await authenticateToken(token + "x")).toBeNull();
  });

  it("keeps an existing key (plyr.fm's MODERATION_AUTH_TOKEN) as a token, refusing short or spaced ones", async () => {
    const key = "plyr-moderation-key-0123456789abcdefghij";
    expect(await createToken({ name: "plyr", role: "moderator" }, "test", key)).toMatchObject({ token: key });
    const row = await db().moderatorToken.findUniqueOrThrow({ where: { name: "plyr" } });
    expect(await authenticateToken(key)).toEqual({ name: "plyr", role: "moderator", tokenId: row.id });
    await expect(createToken({ name: "short", role: "moderator" }, "test", "too-short")).rejects.toThrow(/at least 32 characters/);
    await expect(createToken({ name: "spaced", role: "moderator" }, "test", `${key} x`)).rejects.toThrow(/without spaces/);
    expect(await db().moderatorToken.count({ where: { name: { in: ["short", "spaced"] } } })).toBe(0);
  });

  it("rejects bad names and roles with the field named", async () => {
    await expect(createToken({ name: "bad name!", role: "moderator" }, "test")).rejects.toThrow(/name may contain/);
    await expect(createToken({ name: "bob", role: "owner" as never }, "test")).rejects.toThrow(/role must be one of/);
  });

  it("refuses a duplicate name with a conflict", async () => {
    await createToken({ name: "carol", role: "triage" }, "test");
    await expect(createToken({ name: "carol", role: "admin" }, "test")).rejects.toMatchObject({ code: "conflict" });
  });

  it("revokes for good, ending sessions, and audits every write", async () => {
    const { token } = await createToken({ name: "dave", role: "moderator" }, "root");
    const claims = sessionClaims((await authenticateToken(token))!, "session secret");
    expect(await sessionPrincipal(claims, "session secret")).toMatchObject({ name: "dave" });

    await revokeToken("dave", "root");
    expect(await authenticateToken(token)).toBeNull();
    expect(await sessionPrincipal(claims, "session secret")).toBeNull();
    await expect(revokeToken("dave", "root")).rejects.toMatchObject({ code: "conflict" });
    await expect(revokeToken("nobody", "root")).rejects.toMatchObject({ code: "not_found" });

    const audit = await db().auditEntry.findMany({ where: { subject: "token:dave" }, orderBy: { id: "asc" } });
    expect(audit.map((entry) => [entry.actor, entry.action])).toEqual([
      ["root", "token.create"],
      ["root", "token.revoke"],
    ]);
  });
});
