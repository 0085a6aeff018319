// The plugin's side of Warden: its snapshot (full, deltas, long poll, pruning) and
// the relay-secret routes (policy, held, snapshot).
import { beforeAll, describe, expect, it } from "vitest";
import { POST as heldRoute } from "@/app/api/relay/held/route";
import { POST as policyRoute } from "@/app/api/relay/policy/route";
import { GET as snapshotRoute } from "@/app/api/relay/snapshot/route";
import { db } from "@/lib/db";
import { decideEvent } from "@/lib/relay/decide-event";
import { enqueueHeldEvents } from "@/lib/relay/enqueue-held";
import { deliverDue } from "@/lib/relay/outbox/deliver-due";
import { prunePolicyChanges } from "@/lib/relay/policy-changes";
import { readSnapshot } from "@/lib/relay/read-snapshot";
import { setPubkeyTier } from "@/lib/relay/trust";
import { withMigratedDatabase } from "../support/database";
import { setEnv } from "../support/env";
import { newAuthor, pluginRequest } from "./support/nostr";

withMigratedDatabase();

const SECRET = "relay-secret-for-unit-tests";
beforeAll(() => {
  setEnv({ RELAY_SECRET: SECRET, RELAY_UNKNOWN_PUBKEYS: "reject", RELAY_DENIED_KINDS: "4" });
});

const relayCall = (route: (request: Request) => Promise<Response>, init: { path?: string; body?: unknown; secret?: string | null; raw?: string }) =>
  route(
    new Request(`http://warden.test/api/relay${init.path ?? ""}`, {
      method: init.body === undefined && init.raw === undefined ? "GET" : "POST",
      headers: {
        ...(init.secret !== null && { authorization: `Bearer ${init.secret ?? SECRET}` }),
        ...((init.body !== undefined || init.raw !== undefined) && { "content-type": "application/json" }),
      },
      body: init.raw ?? (init.body === undefined ? undefined : JSON.stringify(init.body)),
    }),
  );

describe("the snapshot", () => {
  it("in full: tiers other than unknown, approved ids not yet delivered, and the policy's config", async () => {
    const member = newAuthor();
    const cleared = newAuthor();
    await setPubkeyTier({ pubkey: member.pubkey, tier: "member" }, "alice");
    await setPubkeyTier({ pubkey: cleared.pubkey, tier: "unknown" }, "alice");
    const [a, b] = [member.sign(), member.sign()];
    await enqueueHeldEvents([pluginRequest(a), pluginRequest(b)]);
    await decideEvent(a.id, "approve", "alice");
    const snapshot = await readSnapshot(undefined);
    expect(snapshot).toMatchObject({ full: true, config: { unknownPubkeys: "reject", deniedKinds: [4], maxEventBytes: 65_536 } });
    expect(snapshot.tiers.member).toContain(member.pubkey);
    expect(snapshot.tiers.unknown).toBeUndefined();
    expect(Object.values(snapshot.tiers).flat()).not.toContain(cleared.pubkey);
    expect(snapshot.approved).toContain(a.id);
    expect(snapshot.approved).not.toContain(b.id);
  });

  it("deltas carry the net change: an id delivered after its approval is dropped", async () => {
    const author = newAuthor();
    const event = author.sign();
    await enqueueHeldEvents([pluginRequest(event)]);
    const { version } = await readSnapshot(undefined);
    await decideEvent(event.id, "approve", "alice");
    expect(await readSnapshot(version)).toMatchObject({ full: false, approved: [event.id], unapproved: [] });
    await deliverDue({ name: "test", publish: async (events) => new Map(events.map((e) => [e.id, { ok: true }])) });
    const delta = await readSnapshot(version);
    expect(delta).toMatchObject({ version: version + 2, approved: [], unapproved: expect.arrayContaining([event.id]) });
    expect((await readSnapshot(undefined)).approved).not.toContain(event.id);
  });

  it("a long poll answers as soon as a change is committed, with that change", async () => {
    const { version } = await readSnapshot(undefined);
    const author = newAuthor();
    const waiting = readSnapshot(version, 25);
    await setPubkeyTier({ pubkey: author.pubkey, tier: "trusted" }, "alice");
    expect((await waiting).tiers).toEqual({ trusted: [author.pubkey] });
  });

  it("a long poll ends when its request is aborted", async () => {
    const { version } = await readSnapshot(undefined);
    const abort = new AbortController();
    const waiting = readSnapshot(version, 25, abort.signal);
    abort.abort();
    expect(await waiting).toMatchObject({ version, full: false, tiers: {} });
  });

  it("a plugin behind pruned changes, or ahead of this database, gets the full snapshot", async () => {
    const { version } = await readSnapshot(undefined);
    await setPubkeyTier({ pubkey: newAuthor().pubkey, tier: "member" }, "alice");
    expect((await readSnapshot(version + 1_000)).full).toBe(true);
    expect(await prunePolicyChanges(new Date(Date.now() + 60_000))).toBeGreaterThan(0);
    expect((await readSnapshot(version)).full).toBe(true);
    expect(await db().relayPolicyChange.count()).toBe(0);
  });
});

describe("routes the relay calls (Bearer RELAY_SECRET)", () => {
  it("refuse a missing or wrong secret with 401, and answer 503 when RELAY_SECRET is not set", async () => {
    expect((await relayCall(snapshotRoute, { path: "/snapshot", secret: null })).status).toBe(401);
    expect((await relayCall(snapshotRoute, { path: "/snapshot", secret: "relay-secret-for-unit-testz" })).status).toBe(401);
    expect((await relayCall(snapshotRoute, { path: "/snapshot" })).status).toBe(200);
    const restore = setEnv({ RELAY_SECRET: undefined });
    try {
      expect((await relayCall(policyRoute, { body: {} })).status).toBe(503);
    } finally {
      restore();
    }
  });

  it("POST /api/relay/policy answers {id, action, msg}; malformed requests are rejected by id, else 400", async () => {
    const member = newAuthor();
    await setPubkeyTier({ pubkey: member.pubkey, tier: "member" }, "alice");
    const event = member.sign();
    const answer = await relayCall(policyRoute, { body: pluginRequest(event) });
    expect(await answer.json()).toEqual({ id: event.id, action: "shadowReject", msg: "" });
    expect(await (await relayCall(policyRoute, { body: pluginRequest(member.sign({ kind: 4 })) })).json()).toMatchObject({ action: "reject" });

    const missing = await relayCall(policyRoute, { body: { type: "new", event: { id: event.id } } });
    expect(missing.status).toBe(200);
    expect(await missing.json()).toMatchObject({ id: event.id, action: "reject", msg: expect.stringMatching(/^invalid: /) });
    const anonymous = await relayCall(policyRoute, { body: { type: "new" } });
    expect(anonymous.status).toBe(400);
    expect((await relayCall(policyRoute, { raw: "{not json" })).status).toBe(400);
  });

  it("POST /api/relay/held stores the plugin's batch and answers each item in order", async () => {
    const member = newAuthor();
    await setPubkeyTier({ pubkey: member.pubkey, tier: "member" }, "alice");
    const [a, b] = [member.sign(), member.sign()];
    const response = await relayCall(heldRoute, { path: "/held", body: { items: [pluginRequest(a), { type: "new" }, pluginRequest(b)] } });
    expect(await response.json()).toEqual({
      results: [
        { id: a.id, action: "shadowReject", msg: "" },
        { id: "", action: "reject", msg: expect.stringMatching(/^invalid: /) },
        { id: b.id, action: "shadowReject", msg: "" },
      ],
    });
    expect(await db().relayEvent.count({ where: { pubkey: member.pubkey } })).toBe(2);
    expect((await relayCall(heldRoute, { path: "/held", body: { items: [] } })).status).toBe(400);
  });
});
