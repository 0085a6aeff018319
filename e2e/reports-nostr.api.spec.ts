import { expect, test } from "@playwright/test";
import { finalizeEvent, generateSecretKey, getPublicKey, type EventTemplate, type NostrEvent } from "nostr-tools/pure";
import type { Relay } from "nostr-tools/relay";
import { publishOnceKnown as publishTo, relayWardenSuite, wardenApi } from "./support/relay-warden";
import { E2E_PORT } from "./support/settings";

// A Nostr client publishes a NIP-56 report (kind 1984) through a real relay whose write
// policy is bin/strfry-policy; the report lands on Warden's one inbox, where a moderator
// rejects the reported event and bans its author through the relay queue, and undoes both.
const WARDEN_PORT = E2E_PORT + 13;
const RELAY_PORT = E2E_PORT + 14;
const RELAY_SECRET = "e2e-reports-nostr-secret-01234";
const SPAM = "tools.ozone.report.defs#reasonMisleadingSpam";

const suite = relayWardenSuite({ warden: WARDEN_PORT, relay: RELAY_PORT }, RELAY_SECRET);
let client: Relay | undefined;

const api = (path: string, body?: unknown) => wardenApi(suite.warden, path, body);

async function author(tier: "member" | "trusted") {
  const key = generateSecretKey();
  expect((await api("/api/relay/pubkeys", { pubkey: getPublicKey(key), tier })).status).toBe(200);
  return { pubkey: getPublicKey(key), sign: (template: Partial<EventTemplate>) => finalizeEvent({ kind: 1, created_at: Math.floor(Date.now() / 1000), tags: [], content: "", ...template }, key) };
}

/** Publishes through one client, connected on first use, once the plugin knows the author. */
async function publishOnceKnown(event: NostrEvent): Promise<void> {
  client ??= await suite.connect();
  await publishTo(client, event);
}

type Listed = { id: number; subject: { nostrEvent?: string; nostrPubkey?: string }; state: string; reportCount: number; reasonTypes: string[]; weight: number };
const openNostr = async () => (await api("/api/reports?state=open&network=nostr")).json.subjects as Listed[];

test("a NIP-56 report published through the relay lands on the inbox; reject and ban from there, each undone", async () => {
  const offender = await author("member");
  const reporter = await author("trusted");
  const note = offender.sign({ content: "cheap followers, click here" });
  await publishOnceKnown(note); // a member's note is held in the relay queue

  const report = reporter.sign({ kind: 1984, tags: [["e", note.id, "spam"], ["p", offender.pubkey]], content: "spam wave" });
  await publishOnceKnown(report);
  await expect.poll(async () => (await openNostr()).find((subject) => subject.subject.nostrEvent === note.id), { timeout: 30_000 }).toMatchObject({ reportCount: 1, reasonTypes: [SPAM], weight: 3 });
  const event = (await openNostr()).find((subject) => subject.subject.nostrEvent === note.id)!;
  const pubkey = (await openNostr()).find((subject) => subject.subject.nostrPubkey === offender.pubkey)!;
  expect(pubkey).toMatchObject({ reportCount: 1, reasonTypes: [SPAM] });

  expect((await api("/api/reports/actions", { action: "reject_event", ids: [event.id], note: "spam" })).json).toEqual({ changed: [event.id], skipped: [] });
  expect((await api(`/api/relay/queue?status=rejected&limit=500`)).json.events.map((item: { id: string }) => item.id)).toContain(note.id);
  expect((await api("/api/reports/actions", { action: "undo", of: "reject_event", ids: [event.id] })).json).toEqual({ changed: [event.id], skipped: [] });
  // Approved after all: the outbox delivers it to the relay.
  await expect.poll(() => suite.relay.events.map((stored) => stored.id), { timeout: 30_000 }).toContain(note.id);

  expect((await api("/api/reports/actions", { action: "ban_author", ids: [pubkey.id] })).json).toEqual({ changed: [pubkey.id], skipped: [] });
  const tierOf = async () => ((await api("/api/relay/pubkeys")).json.pubkeys as { pubkey: string; tier: string }[]).find((entry) => entry.pubkey === offender.pubkey)?.tier;
  expect(await tierOf()).toBe("blocked");
  expect((await api("/api/reports/actions", { action: "undo", of: "ban_author", ids: [pubkey.id] })).json).toEqual({ changed: [pubkey.id], skipped: [] });
  expect(await tierOf()).toBe("member");
  expect((await openNostr()).map((subject) => subject.id)).toEqual(expect.arrayContaining([event.id, pubkey.id]));
});
