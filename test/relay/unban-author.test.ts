// Unban after the toast's Undo is gone: a ban remembers the tier and note it replaced
// (relay_pubkeys.ban_previous_*), the unban restores them, audited, and the plugin learns
// the tier; the rejected events stay rejected; 409 when the author is not banned.
import { readFileSync } from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";
import { POST as unbanRoute } from "@/app/api/relay/authors/[pubkey]/unban/route";
import { db } from "@/lib/db";
import { banAuthor } from "@/lib/relay/ban-author";
import { enqueueHeldEvents } from "@/lib/relay/enqueue-held";
import { readSnapshot } from "@/lib/relay/read-snapshot";
import { setPubkeyTier } from "@/lib/relay/trust";
import { unbanAuthor } from "@/lib/relay/unban-author";
import { withMigratedDatabase } from "../support/database";
import { setEnv } from "../support/env";
import { newAuthor, pluginRequest } from "./support/nostr";

withMigratedDatabase();

const ADMIN = "relay-unban-admin-token-0123";
beforeAll(() => setEnv({ ADMIN_TOKEN: ADMIN }));

const row = (pubkey: string) => db().relayPubkey.findUniqueOrThrow({ where: { pubkey } });
const audit = (pubkey: string) => db().auditEntry.findMany({ where: { subject: `pubkey:${pubkey}` }, orderBy: { id: "asc" } });

async function unbanOverHttp(pubkey: string, body?: unknown, token = ADMIN) {
  const request = new Request(`http://warden.test/api/relay/authors/${pubkey}/unban`, {
    method: "POST",
    headers: { "x-moderation-key": token, ...(body !== undefined && { "content-type": "application/json" }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const response = await unbanRoute(request, { params: Promise.resolve({ pubkey }) });
  return { status: response.status, json: await response.json() };
}

describe("unbanAuthor", () => {
  it("restores the tier and note the ban replaced, audits it, tells the plugin, and leaves the rejections", async () => {
    const author = newAuthor();
    await setPubkeyTier({ pubkey: author.pubkey, tier: "member", note: "writes the weekly digest" }, "alice");
    const event = author.sign();
    await enqueueHeldEvents([pluginRequest(event)]);
    await banAuthor(author.pubkey, "bob", "looked like spam");
    expect(await row(author.pubkey)).toMatchObject({ trust: "blocked", note: "looked like spam", banPreviousTrust: "member", banPreviousNote: "writes the weekly digest" });

    const { version } = await readSnapshot(undefined);
    const answer = await unbanOverHttp(author.pubkey, { reason: "it was the digest, not spam" });
    expect(answer).toEqual({ status: 200, json: { pubkey: author.pubkey, tier: "member", note: "writes the weekly digest", ban_note: "looked like spam" } });
    expect(await row(author.pubkey)).toMatchObject({ trust: "member", note: "writes the weekly digest", updatedBy: "admin (ADMIN_TOKEN)", banPreviousTrust: null, banPreviousNote: null });
    expect((await audit(author.pubkey)).at(-1)).toMatchObject({
      actor: "admin (ADMIN_TOKEN)",
      action: "relay.author.unban",
      detail: { to: "member", note: "writes the weekly digest", reason: "it was the digest, not spam" },
    });
    expect(await readSnapshot(version)).toMatchObject({ full: false, tiers: { member: [author.pubkey] } });
    // The ban's rejection stands: approving it is the queue's own step (overturn).
    expect(await db().relayEvent.findUniqueOrThrow({ where: { id: event.id } })).toMatchObject({ status: "rejected" });
  });

  it("a second ban keeps what the first replaced; a tier change away from blocked forgets it", async () => {
    const author = newAuthor();
    await setPubkeyTier({ pubkey: author.pubkey, tier: "trusted", note: "runs the bridge" }, "alice");
    await setPubkeyTier({ pubkey: author.pubkey, tier: "blocked", note: "first" }, "bob");
    await banAuthor(author.pubkey, "carol", "second");
    expect(await row(author.pubkey)).toMatchObject({ trust: "blocked", note: "second", banPreviousTrust: "trusted", banPreviousNote: "runs the bridge" });
    expect(await unbanAuthor(author.pubkey, "dave")).toEqual({ pubkey: author.pubkey, tier: "trusted", note: "runs the bridge", ban_note: "second" });

    await banAuthor(author.pubkey, "bob");
    await setPubkeyTier({ pubkey: author.pubkey, tier: "member" }, "alice");
    expect(await row(author.pubkey)).toMatchObject({ trust: "member", banPreviousTrust: null, banPreviousNote: null });
    await banAuthor(author.pubkey, "bob");
    expect(await unbanAuthor(author.pubkey, "bob")).toMatchObject({ tier: "member", note: null });
  });

  it("an author banned without a tier before goes back to unknown", async () => {
    const author = newAuthor();
    expect(await banAuthor(author.pubkey, "bob")).toMatchObject({ from: "unknown" });
    expect(await unbanAuthor(author.pubkey, "bob", "mistake")).toEqual({ pubkey: author.pubkey, tier: "unknown", note: null, ban_note: null });
    expect(await row(author.pubkey)).toMatchObject({ trust: "unknown" });
  });

  it("refuses an author who is not banned (never, or no longer) with 409 naming the tier, changing nothing", async () => {
    const never = newAuthor();
    expect(await unbanOverHttp(never.pubkey)).toMatchObject({ status: 409, json: { error: { code: "conflict", message: expect.stringContaining("tier is unknown") } } });
    expect(await db().relayPubkey.findUnique({ where: { pubkey: never.pubkey } })).toBeNull();

    const author = newAuthor();
    await banAuthor(author.pubkey, "bob");
    await unbanAuthor(author.pubkey, "bob");
    const entries = (await audit(author.pubkey)).length;
    expect(await unbanOverHttp(author.pubkey)).toMatchObject({ status: 409, json: { error: { message: expect.stringContaining("unknown (set by bob)") } } });
    expect(await audit(author.pubkey)).toHaveLength(entries);
  });

  it("validates at the boundary: a malformed pubkey or an over-long reason is 400, a wrong credential 401", async () => {
    const author = newAuthor();
    await banAuthor(author.pubkey, "bob");
    expect(await unbanOverHttp("abc")).toMatchObject({ status: 400, json: { error: { message: expect.stringContaining("pubkey must be 64 hex characters") } } });
    expect((await unbanOverHttp(author.pubkey, { reason: "x".repeat(1001) })).status).toBe(400);
    expect((await unbanOverHttp(author.pubkey, {}, "wrong-token")).status).toBe(401);
    expect(await row(author.pubkey)).toMatchObject({ trust: "blocked" });
  });

  it("the migration gives pubkeys banned before it the tier their last ban replaced, from the audit log", async () => {
    const sql = readFileSync("prisma/migrations/20261206021500_ban_previous_tier/migration.sql", "utf8");
    const backfill = sql.slice(sql.indexOf("UPDATE"));
    const banned = newAuthor();
    await setPubkeyTier({ pubkey: banned.pubkey, tier: "trusted" }, "alice");
    await banAuthor(banned.pubkey, "bob");
    const rebanned = newAuthor(); // its last entry is blocked to blocked: the one before says member
    await setPubkeyTier({ pubkey: rebanned.pubkey, tier: "member" }, "alice");
    await setPubkeyTier({ pubkey: rebanned.pubkey, tier: "blocked" }, "bob");
    await setPubkeyTier({ pubkey: rebanned.pubkey, tier: "blocked", note: "again" }, "bob");
    const lifted = newAuthor(); // banned once, no longer: left alone
    await banAuthor(lifted.pubkey, "bob");
    await setPubkeyTier({ pubkey: lifted.pubkey, tier: "member" }, "alice");
    // As the rows were before the migration.
    await db().relayPubkey.updateMany({ where: { pubkey: { in: [banned.pubkey, rebanned.pubkey, lifted.pubkey] } }, data: { banPreviousTrust: null, banPreviousNote: null } });

    await db().$executeRawUnsafe(backfill);
    expect(await row(banned.pubkey)).toMatchObject({ banPreviousTrust: "trusted" });
    expect(await row(rebanned.pubkey)).toMatchObject({ banPreviousTrust: "member" });
    expect(await row(lifted.pubkey)).toMatchObject({ trust: "member", banPreviousTrust: null });
    expect(await unbanAuthor(rebanned.pubkey, "carol")).toMatchObject({ tier: "member" });
  });
});
