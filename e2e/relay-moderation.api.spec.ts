import { expect, test } from "@playwright/test";
import { finalizeEvent, generateSecretKey, getPublicKey, type NostrEvent } from "nostr-tools/pure";
import { publishOnceKnown, relayWardenSuite, wardenApi } from "./support/relay-warden";
import { E2E_PORT } from "./support/settings";

// A real relay (embedded @nostr-relay/core) whose write policy is bin/strfry-policy,
// talking to a Warden of its own whose outbox delivers to that relay.
const WARDEN_PORT = E2E_PORT + 5;
const RELAY_PORT = E2E_PORT + 6;
const RELAY_SECRET = "e2e-relay-moderation-secret-0123";

const suite = relayWardenSuite({ warden: WARDEN_PORT, relay: RELAY_PORT }, RELAY_SECRET);
const connect = () => suite.connect();

test.afterAll(() => {
  // Signatures were checked in the verifier threads, not on the main thread as a fallback.
  expect(suite.warden.output()).not.toMatch(/worker thread/);
});

const api = (path: string, body?: unknown, headers?: Record<string, string>) => wardenApi(suite.warden, path, body, headers);

async function author(tier: "member" | "trusted" | "blocked" | "unknown") {
  const key = generateSecretKey();
  if (tier !== "unknown") expect((await api("/api/relay/pubkeys", { pubkey: getPublicKey(key), tier })).status).toBe(200);
  return {
    pubkey: getPublicKey(key),
    sign: (content: string) => finalizeEvent({ kind: 1, created_at: Math.floor(Date.now() / 1000), tags: [["t", "e2e"]], content }, key),
  };
}

/** A reader subscribed to some authors; resolves once past the stored events. */
async function reader(authors: string[]): Promise<NostrEvent[]> {
  const client = await connect();
  const seen: NostrEvent[] = [];
  await new Promise<void>((resolve) => client.subscribe([{ authors }], { onevent: (event) => void seen.push(event), oneose: resolve }));
  return seen;
}

const fields = ({ id, pubkey, created_at, kind, tags, content, sig }: NostrEvent) => ({ id, pubkey, created_at, kind, tags, content, sig });
const queued = async (id: string) => {
  const { json } = await api(`/api/relay/queue?status=pending,approved,rejected&limit=500`);
  return (json.events as { id: string; status: string; delivery: string; deliveryError: string | null }[]).find((item) => item.id === id);
};

test("a member's event: OK for its author, unseen by others, then delivered unchanged once approved", async () => {
  const member = await author("member");
  const trusted = await author("trusted");
  const seen = await reader([member.pubkey, trusted.pubkey]);
  const publisher = await connect();

  const note = member.sign("held for review");
  await publishOnceKnown(publisher, note); // OK true (shadowReject): the author sees success
  // Published after the note: if the relay had broadcast the note, the reader would have it first.
  const marker = trusted.sign("trusted authors pass at once");
  await publishOnceKnown(publisher, marker);
  await expect.poll(() => seen.map((event) => event.id)).toContain(marker.id);
  expect(seen.map((event) => event.id)).not.toContain(note.id);
  expect(suite.relay.events.map((event) => event.id)).not.toContain(note.id);
  expect(await queued(note.id)).toMatchObject({ status: "pending", delivery: "none" });

  expect((await api(`/api/relay/queue/${note.id}/approve`, {})).json).toMatchObject({ status: "approved", delivery: "queued" });
  await expect.poll(() => seen.find((event) => event.id === note.id), { timeout: 30_000 }).toBeTruthy();
  expect(fields(seen.find((event) => event.id === note.id)!)).toEqual(fields(note));
  await expect.poll(async () => (await queued(note.id))?.delivery).toBe("delivered");
  // A second decision is refused.
  expect((await api(`/api/relay/queue/${note.id}/reject`, {})).status).toBe(409);
});

test("approved while the relay is down: retried with the error shown, delivered after it restarts", async () => {
  const member = await author("member");
  const note = member.sign("approved during an outage");
  await publishOnceKnown(await connect(), note);
  await suite.relay.stop();

  expect((await api(`/api/relay/queue/${note.id}/approve`, {})).status).toBe(200);
  await expect.poll(async () => (await queued(note.id))?.delivery, { timeout: 30_000 }).toBe("retrying");
  expect((await queued(note.id))?.deliveryError).toMatch(/^cannot reach the relay: /);

  await suite.relay.start();
  await expect.poll(async () => (await queued(note.id))?.delivery, { timeout: 60_000 }).toBe("delivered");
  const client = await connect();
  const stored = await new Promise<NostrEvent[]>((resolve) => {
    const found: NostrEvent[] = [];
    client.subscribe([{ ids: [note.id] }], { onevent: (event) => void found.push(event), oneose: () => resolve(found) });
  });
  expect(stored.map(fields)).toEqual([fields(note)]);
});

test("bad signatures are rejected, held or not, and never queued", async () => {
  const member = await author("member");
  const trusted = await author("trusted");
  const publisher = await connect();
  const forge = (event: NostrEvent) => ({ ...fields(event), sig: event.sig.replace(/.$/, (c) => (c === "0" ? "1" : "0")) });

  const heldForgery = forge(member.sign("forged"));
  await expect(publisher.publish(heldForgery)).rejects.toThrow("invalid: bad signature");
  expect(await queued(heldForgery.id)).toBeUndefined();

  const acceptedForgery = forge(trusted.sign("forged too"));
  await expect(publisher.publish(acceptedForgery)).rejects.toThrow(/invalid/);
  expect(suite.relay.events.map((event) => event.id)).not.toContain(acceptedForgery.id);

  // The HTTP policy verifies every event itself (relays other than strfry may not).
  const overHttp = await api("/api/relay/policy", { type: "new", event: acceptedForgery }, { authorization: `Bearer ${RELAY_SECRET}`, "content-type": "application/json" });
  expect(overHttp.json).toEqual({ id: acceptedForgery.id, action: "reject", msg: "invalid: bad signature" });
  // Verified in worker threads, in the production build too (no fallback warning).
  expect(suite.warden.output()).not.toMatch(/worker thread/);
});

test("blocked and unknown authors are refused with NIP-01 prefixes; banning settles an author at once", async () => {
  const publisher = await connect();
  // Until the plugin's snapshot has the tier, a blocked author is merely unknown ("restricted").
  const blocked = await author("blocked");
  await expect.poll(async () => {
    try {
      await publisher.publish(blocked.sign("no"));
      return "accepted";
    } catch (error) {
      return (error as Error).message;
    }
  }).toMatch(/^blocked: /);
  await expect(publisher.publish((await author("unknown")).sign("who?"))).rejects.toThrow(/^restricted: /);

  const spammer = await author("member");
  const notes = [spammer.sign("spam 1"), spammer.sign("spam 2")];
  for (const note of notes) await publishOnceKnown(publisher, note);
  expect((await api(`/api/relay/authors/${spammer.pubkey}/ban`, { reason: "spam" })).json).toEqual({ rejected: 2, from: "member", previous_note: null });
  await expect.poll(async () => {
    try {
      await publisher.publish(spammer.sign("spam 3"));
      return "accepted";
    } catch (error) {
      return (error as Error).message;
    }
  }).toMatch(/^blocked: /);
});
