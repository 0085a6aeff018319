// Moderators' decisions: approve/reject (409 the second time, one winner under
// concurrency), bulk, ban, trust tiers, the queue listing, and their HTTP routes.
import { beforeAll, describe, expect, it } from "vitest";
import { POST as banRoute } from "@/app/api/relay/authors/[pubkey]/ban/route";
import { POST as pubkeysPost, GET as pubkeysGet } from "@/app/api/relay/pubkeys/route";
import { POST as approveRoute } from "@/app/api/relay/queue/[eventId]/approve/route";
import { POST as rejectRoute } from "@/app/api/relay/queue/[eventId]/reject/route";
import { POST as bulkRoute } from "@/app/api/relay/queue/bulk/route";
import { GET as queueRoute } from "@/app/api/relay/queue/route";
import { createToken } from "@/lib/auth/tokens";
import { db } from "@/lib/db";
import { banAuthor } from "@/lib/relay/ban-author";
import { decideEvent } from "@/lib/relay/decide-event";
import { decideEvents } from "@/lib/relay/decide-events";
import { enqueueHeldEvents } from "@/lib/relay/enqueue-held";
import { listQueue } from "@/lib/relay/list-queue";
import type { NostrEvent } from "@/lib/relay/policy/nostr-event";
import { readSnapshot } from "@/lib/relay/read-snapshot";
import { listPubkeys, setPubkeyTier } from "@/lib/relay/trust";
import { withMigratedDatabase } from "../support/database";
import { setEnv } from "../support/env";
import { newAuthor, pluginRequest, type Author } from "./support/nostr";

withMigratedDatabase();

const ADMIN = "relay-unit-admin-token-0123";
let triage: string;

beforeAll(async () => {
  setEnv({ ADMIN_TOKEN: ADMIN });
  triage = (await createToken({ name: "relay-bot", role: "triage" }, "test")).token;
});

async function held(author: Author = newAuthor(), count = 1): Promise<NostrEvent[]> {
  const events = Array.from({ length: count }, () => author.sign());
  await enqueueHeldEvents(events.map((event) => pluginRequest(event)));
  return events;
}

type Route<P> = (request: Request, context: { params: Promise<P> }) => Promise<Response>;

async function call<P>(route: Route<P>, params: P, body?: unknown, token = ADMIN, method = "POST", query = "") {
  const request = new Request(`http://warden.test/api/relay${query}`, {
    method,
    headers: { "x-moderation-key": token, ...(body !== undefined && { "content-type": "application/json" }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const response = await route(request, { params: Promise.resolve(params) });
  return { status: response.status, json: await response.json() };
}

describe("decideEvent", () => {
  it("approves: status, who and why, delivery queued, audited, and the id reaches the plugin's snapshot", async () => {
    const [event] = await held();
    const before = await readSnapshot(undefined);
    const item = await decideEvent(event!.id, "approve", "alice", "on topic");
    expect(item).toMatchObject({ id: event!.id, status: "approved", decidedBy: "alice", reason: "on topic", delivery: "queued", event });
    expect(await db().auditEntry.findMany({ where: { subject: `event:${event!.id}` } })).toMatchObject([
      { actor: "alice", action: "relay.event.approve", detail: { reason: "on topic" } },
    ]);
    expect((await readSnapshot(before.version)).approved).toEqual([event!.id]);
  });

  it("a second decision is a conflict, an unknown id is not found", async () => {
    const [event] = await held();
    await decideEvent(event!.id, "reject", "alice");
    await expect(decideEvent(event!.id, "approve", "bob")).rejects.toMatchObject({ code: "conflict", status: 409, message: "Event already rejected" });
    await expect(decideEvent("f".repeat(64), "approve", "bob")).rejects.toMatchObject({ code: "not_found" });
    expect(await db().relayEvent.findUnique({ where: { id: event!.id } })).toMatchObject({ status: "rejected", decidedBy: "alice", delivery: "none" });
  });

  it("two moderators deciding at once: exactly one wins, the other gets 409", async () => {
    const [event] = await held();
    const outcomes = await Promise.allSettled([decideEvent(event!.id, "approve", "alice"), decideEvent(event!.id, "reject", "bob")]);
    expect(outcomes.filter((outcome) => outcome.status === "fulfilled")).toHaveLength(1);
    const [failure] = outcomes.filter((outcome) => outcome.status === "rejected");
    expect((failure as PromiseRejectedResult).reason).toMatchObject({ code: "conflict" });
    expect(await db().auditEntry.count({ where: { subject: `event:${event!.id}` } })).toBe(1);
  });

  it("bulk decisions: each id on its own, errors per id", async () => {
    const [a, b, c] = await held(newAuthor(), 3);
    await decideEvent(c!.id, "approve", "alice");
    const missing = "e".repeat(64);
    expect(await decideEvents([a!.id, b!.id, c!.id, missing, a!.id], "reject", "bob", "spam")).toEqual([
      { id: a!.id, status: "rejected" },
      { id: b!.id, status: "rejected" },
      { id: c!.id, error: { code: "conflict", message: "Event already approved" } },
      { id: missing, error: { code: "not_found", message: `No queued event with id ${missing}` } },
    ]);
  });
});

describe("banAuthor", () => {
  it("blocks the author and rejects all their waiting events in one step; others untouched", async () => {
    const spammer = newAuthor();
    const events = await held(spammer, 3);
    await decideEvent(events[0]!.id, "approve", "alice");
    const [bystander] = await held();
    expect(await banAuthor(spammer.pubkey, "alice", "spam wave")).toEqual({ rejected: 2, from: "unknown", previous_note: null });
    const rows = await db().relayEvent.findMany({ where: { pubkey: spammer.pubkey }, orderBy: { id: "asc" } });
    expect(rows.map((row) => row.status).sort()).toEqual(["approved", "rejected", "rejected"]);
    expect(await db().relayEvent.findUnique({ where: { id: bystander!.id } })).toMatchObject({ status: "pending" });
    expect(await listPubkeys({ tier: "blocked" })).toContainEqual(expect.objectContaining({ pubkey: spammer.pubkey, note: "spam wave", updatedBy: "alice" }));
    expect(await db().auditEntry.count({ where: { actor: "alice", action: "relay.event.reject" } })).toBeGreaterThanOrEqual(2);
    await expect(banAuthor("NOT-HEX", "alice")).rejects.toMatchObject({ code: "invalid_request" });
  });
});

describe("trust tiers", () => {
  it("sets, audits and lists tiers; every change bumps the snapshot version", async () => {
    const author = newAuthor();
    const { version } = await readSnapshot(undefined);
    await setPubkeyTier({ pubkey: author.pubkey, tier: "member", note: "new" }, "alice");
    await setPubkeyTier({ pubkey: author.pubkey, tier: "trusted" }, "bob");
    const delta = await readSnapshot(version);
    expect(delta).toMatchObject({ version: version + 2, full: false, tiers: { trusted: [author.pubkey] } });
    expect(await listPubkeys({ tier: "trusted" })).toContainEqual({
      pubkey: author.pubkey,
      tier: "trusted",
      note: null,
      updatedAt: expect.any(Date),
      updatedBy: "bob",
    });
    expect(await db().auditEntry.findMany({ where: { subject: `pubkey:${author.pubkey}` }, orderBy: { id: "asc" } })).toMatchObject([
      { actor: "alice", action: "relay.pubkey.tier", detail: { tier: "member", from: "unknown", note: "new" } },
      { actor: "bob", action: "relay.pubkey.tier", detail: { tier: "trusted", from: "member" } },
    ]);
    await expect(setPubkeyTier({ pubkey: author.pubkey.toUpperCase(), tier: "member" }, "x")).rejects.toMatchObject({ code: "invalid_request" });
    await expect(setPubkeyTier({ pubkey: author.pubkey, tier: "owner" as never }, "x")).rejects.toMatchObject({ code: "invalid_request" });
  });
});

describe("undo of a tier change", () => {
  it("answers what a ban replaced, restores it only while the tier is still blocked, and audits the undo with its reason", async () => {
    const author = newAuthor();
    await setPubkeyTier({ pubkey: author.pubkey, tier: "trusted", note: "runs the bridge" }, "alice");
    expect(await setPubkeyTier({ pubkey: author.pubkey, tier: "blocked" }, "bob")).toEqual({ from: "trusted", previousNote: "runs the bridge" });

    const undo = { pubkey: author.pubkey, tier: "trusted", note: "runs the bridge", ifTier: "blocked", reason: "undo right after banning" } as const;
    expect(await setPubkeyTier(undo, "bob")).toEqual({ from: "blocked", previousNote: null });
    expect(await listPubkeys({ tier: "trusted" })).toContainEqual(expect.objectContaining({ pubkey: author.pubkey, note: "runs the bridge", updatedBy: "bob" }));
    const last = await db().auditEntry.findFirstOrThrow({ where: { subject: `pubkey:${author.pubkey}` }, orderBy: { id: "desc" } });
    expect(last).toMatchObject({ actor: "bob", action: "relay.pubkey.tier", detail: { tier: "trusted", from: "blocked", reason: "undo right after banning" } });

    // Undone already (or changed by someone since): nothing is overwritten.
    const entries = await db().auditEntry.count({ where: { subject: `pubkey:${author.pubkey}` } });
    await expect(setPubkeyTier(undo, "carol")).rejects.toMatchObject({ code: "conflict", message: expect.stringContaining("trusted now (set by bob)") });
    expect(await db().auditEntry.count({ where: { subject: `pubkey:${author.pubkey}` } })).toBe(entries);
  });

  it("restores an author never set before to unknown", async () => {
    const author = newAuthor();
    expect(await setPubkeyTier({ pubkey: author.pubkey, tier: "blocked" }, "bob")).toEqual({ from: "unknown", previousNote: null });
    await setPubkeyTier({ pubkey: author.pubkey, tier: "unknown", ifTier: "blocked" }, "bob");
    expect(await listPubkeys({ tier: "unknown" })).toContainEqual(expect.objectContaining({ pubkey: author.pubkey }));
  });
});

describe("listQueue", () => {
  it("lists newest first by status, page by page, without gaps or repeats", async () => {
    const author = newAuthor();
    const events: NostrEvent[] = [];
    for (let i = 0; i < 5; i++) events.push(...(await held(author)));
    await decideEvent(events[0]!.id, "reject", "alice");
    const seen: string[] = [];
    let before: string | undefined;
    do {
      const page = await listQueue({ status: ["pending", "ai_flagged"], before, limit: 2 });
      seen.push(...page.events.filter((item) => item.pubkey === author.pubkey).map((item) => item.id));
      expect(page.events.every((item) => item.status === "pending")).toBe(true);
      before = page.next;
    } while (before);
    expect(seen).toEqual(events.slice(1).map((event) => event.id).reverse());
    await expect(listQueue({ before: "nonsense" })).rejects.toMatchObject({ code: "invalid_request" });
  });
});

describe("the admin routes", () => {
  it("approve and reject over HTTP: 200, then 409, 404 for an unknown id, 400 for a malformed one", async () => {
    const [a, b] = await held(newAuthor(), 2);
    const approved = await call(approveRoute, { eventId: a!.id });
    expect(approved).toMatchObject({ status: 200, json: { id: a!.id, status: "approved", decidedBy: "admin (ADMIN_TOKEN)" } });
    expect((await call(approveRoute, { eventId: a!.id })).status).toBe(409);
    expect(await call(rejectRoute, { eventId: b!.id }, { reason: "off topic" })).toMatchObject({ status: 200, json: { status: "rejected", reason: "off topic" } });
    expect(await call(rejectRoute, { eventId: "a".repeat(64) })).toMatchObject({ status: 404, json: { error: { code: "not_found" } } });
    expect(await call(rejectRoute, { eventId: "nope" })).toMatchObject({ status: 400, json: { error: { code: "invalid_request" } } });
    expect(await call(approveRoute, { eventId: b!.id }, undefined, "wrong-token")).toMatchObject({ status: 401 });
    expect(await call(approveRoute, { eventId: b!.id }, undefined, triage)).toMatchObject({ status: 403 });
  });

  it("GET /api/relay/queue filters by a comma list of statuses and refuses unknown ones", async () => {
    const [event] = await held();
    const listed = await call(queueRoute, {}, undefined, ADMIN, "GET", "/queue?status=pending,ai_flagged&limit=500");
    expect(listed.status).toBe(200);
    expect(listed.json.events.map((item: { id: string }) => item.id)).toContain(event!.id);
    expect((await call(queueRoute, {}, undefined, ADMIN, "GET", "/queue?status=maybe")).status).toBe(400);
  });

  it("bulk, ban and pubkeys over HTTP", async () => {
    const author = newAuthor();
    const [a, b] = await held(author, 2);
    const bulk = await call(bulkRoute, {}, { ids: [a!.id, "0".repeat(64)], decision: "approve" });
    expect(bulk).toMatchObject({ status: 200, json: { results: [{ id: a!.id, status: "approved" }, { id: "0".repeat(64), error: { code: "not_found" } }] } });
    expect((await call(bulkRoute, {}, { ids: [], decision: "approve" })).status).toBe(400);
    expect(await call(banRoute, { pubkey: author.pubkey.toUpperCase() }, { reason: "spam" })).toMatchObject({ status: 200, json: { rejected: 1 } });
    expect(await db().relayEvent.findUnique({ where: { id: b!.id } })).toMatchObject({ status: "rejected" });

    const other = newAuthor();
    expect(await call(pubkeysPost, {}, { pubkey: other.pubkey, tier: "member" })).toMatchObject({ status: 200, json: { pubkey: other.pubkey, tier: "member" } });
    expect((await call(pubkeysPost, {}, { pubkey: other.pubkey, tier: "owner" })).status).toBe(400);
    const listed = await call(pubkeysGet, {}, undefined, ADMIN, "GET", "/pubkeys?tier=member");
    expect(listed.json.pubkeys).toContainEqual(expect.objectContaining({ pubkey: other.pubkey, tier: "member" }));
  });
});
