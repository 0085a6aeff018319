// Nostr actions from the inbox through POST /api/reports/actions: a reported event
// rejected through the relay queue, its author or a reported pubkey banned, and each
// taken back by undo; in the subject's history, the audit log and the plugin's snapshot.
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { enqueueHeldEvents } from "@/lib/relay/enqueue-held";
import { readSnapshot } from "@/lib/relay/read-snapshot";
import { setPubkeyTier } from "@/lib/relay/trust";
import { withMigratedDatabase } from "../support/database";
import { newAuthor, pluginRequest, type Author } from "../relay/support/nostr";
import { actionTokens, postAction, reportedSubjectId } from "./support/actions";

withMigratedDatabase();

const tokens = actionTokens("nostr-actions-admin-token-0123");
const act = (body: unknown, token = tokens.moderator) => postAction(body, token);

const reported = (subject: { nostrEvent: string } | { nostrPubkey: string }): Promise<number> =>
  reportedSubjectId(subject, "nostrEvent" in subject ? `nostr:event:${subject.nostrEvent}` : `nostr:pubkey:${subject.nostrPubkey}`);

async function heldEvent(author: Author = newAuthor()) {
  const event = author.sign();
  await enqueueHeldEvents([pluginRequest(event)]);
  return event;
}

const tierOf = async (pubkey: string) => (await db().relayPubkey.findUnique({ where: { pubkey } }))?.trust ?? "unknown";
const history = async (id: number) => (await db().reportSubjectEvent.findMany({ where: { subjectId: id, kind: "action" }, orderBy: { id: "asc" } })).map((event) => event.detail);

describe("reject a reported Nostr event", () => {
  it("rejects it through the relay queue and resolves the subject; undo approves it after all and reopens the subject", async () => {
    const event = await heldEvent();
    const id = await reported({ nostrEvent: event.id });
    expect((await act({ action: "reject_event", ids: [id], note: "scam link" })).json).toEqual({ changed: [id], skipped: [] });
    expect(await db().relayEvent.findUniqueOrThrow({ where: { id: event.id } })).toMatchObject({ status: "rejected", decidedBy: "mod", reason: "scam link" });
    expect((await db().reportSubject.findUniqueOrThrow({ where: { id } })).state).toBe("resolved");
    const audit = await db().auditEntry.findMany({ where: { OR: [{ subject: `event:${event.id}` }, { subject: `nostr:event:${event.id}` }] }, orderBy: { id: "asc" } });
    expect(audit.map((entry) => entry.action)).toEqual(["relay.event.reject", "reports.reject_event"]);

    const before = await readSnapshot(undefined);
    expect((await act({ action: "undo", of: "reject_event", ids: [id] })).json).toEqual({ changed: [id], skipped: [] });
    expect(await db().relayEvent.findUniqueOrThrow({ where: { id: event.id } })).toMatchObject({ status: "approved", delivery: "queued" });
    expect((await readSnapshot(before.version)).approved).toEqual([event.id]);
    expect((await db().reportSubject.findUniqueOrThrow({ where: { id } })).state).toBe("open");
    expect(await history(id)).toEqual([
      expect.objectContaining({ action: "reject_event", eventId: event.id, from: "open", to: "resolved", note: "scam link" }),
      expect.objectContaining({ action: "undo", of: "reject_event", eventId: event.id, from: "resolved", to: "open" }),
    ]);
    expect(await db().auditEntry.count({ where: { action: "reports.undo", subject: `nostr:event:${event.id}`, actor: "mod" } })).toBe(1);
    expect((await act({ action: "undo", of: "reject_event", ids: [id] })).json.skipped).toEqual([{ id, why: "already undone" }]);
  });

  it("skips an event Warden never held, an event already decided, and subjects that are not Nostr events", async () => {
    const unknown = await reported({ nostrEvent: "ab".repeat(32) });
    const decided = await heldEvent();
    const decidedId = await reported({ nostrEvent: decided.id });
    await act({ action: "reject_event", ids: [decidedId] });
    const pubkey = await reported({ nostrPubkey: "cd".repeat(32) });
    const { json } = await act({ action: "reject_event", ids: [unknown, decidedId, pubkey] });
    expect(json.changed).toEqual([]);
    expect(json.skipped).toEqual([
      { id: unknown, why: "not in the relay queue (Warden never held it)" },
      { id: decidedId, why: expect.stringMatching(/^Event already rejected/) },
      { id: pubkey, why: "rejecting applies to Nostr events only" },
    ]);
    expect((await db().reportSubject.findUniqueOrThrow({ where: { id: unknown } })).state).toBe("open");
  });
});

describe("ban a reported author", () => {
  it("bans a reported pubkey (tier blocked, waiting events rejected); undo restores the tier it had", async () => {
    const author = newAuthor();
    await setPubkeyTier({ pubkey: author.pubkey, tier: "member" }, "admin");
    const waiting = await heldEvent(author);
    const id = await reported({ nostrPubkey: author.pubkey });
    expect((await act({ action: "ban_author", ids: [id] })).json).toEqual({ changed: [id], skipped: [] });
    expect(await tierOf(author.pubkey)).toBe("blocked");
    expect((await db().relayEvent.findUniqueOrThrow({ where: { id: waiting.id } })).status).toBe("rejected");
    expect(await history(id)).toEqual([expect.objectContaining({ action: "ban_author", pubkey: author.pubkey, previousTier: "member", rejected: 1, to: "resolved" })]);
    expect(await db().auditEntry.findFirst({ where: { action: "relay.author.ban", subject: `pubkey:${author.pubkey}` } })).toMatchObject({ actor: "mod", detail: { from: "member", rejected: 1 } });
    expect((await act({ action: "ban_author", ids: [id] })).json.skipped).toEqual([{ id, why: "the author is already blocked" }]);

    expect((await act({ action: "undo", of: "ban_author", ids: [id] })).json).toEqual({ changed: [id], skipped: [] });
    expect(await tierOf(author.pubkey)).toBe("member");
    expect((await db().reportSubject.findUniqueOrThrow({ where: { id } })).state).toBe("open");
  });

  it("bans the author of a reported event, known from the relay queue; undo leaves a tier someone changed since", async () => {
    const author = newAuthor();
    const event = await heldEvent(author);
    const id = await reported({ nostrEvent: event.id });
    expect((await act({ action: "ban_author", ids: [id] })).json.changed).toEqual([id]);
    expect(await tierOf(author.pubkey)).toBe("blocked");
    await setPubkeyTier({ pubkey: author.pubkey, tier: "trusted" }, "admin");
    expect((await act({ action: "undo", of: "ban_author", ids: [id] })).json.skipped).toEqual([{ id, why: "the author's tier changed since (now trusted)" }]);
    expect(await tierOf(author.pubkey)).toBe("trusted");
  });

  it("skips an event whose author is unknown; refuses roles without relay rights and a bad undo", async () => {
    const id = await reported({ nostrEvent: "ef".repeat(32) });
    expect((await act({ action: "ban_author", ids: [id] })).json.skipped).toEqual([{ id, why: "the event's author is unknown" }]);
    expect((await act({ action: "undo", of: "ban_author", ids: [id] })).json.skipped).toEqual([{ id, why: "nothing to undo (no ban author on this subject)" }]);
    expect((await act({ action: "ban_author", ids: [id] }, tokens.triage)).status).toBe(403);
    const bad = await act({ action: "undo", of: "dismiss", ids: [id] });
    expect(bad.status).toBe(400);
  });
});
