// Telling Bluesky reporters the outcome by DM when a moderator resolves or dismisses a
// subject: against the fake PDS and chat service the moderator-DM tests use.
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import * as actionsRoute from "@/app/api/reports/actions/route";
import { createToken } from "@/lib/auth/tokens";
import { db } from "@/lib/db";
import { fileReport } from "@/lib/reports/file-report";
import { setReporterMuted } from "@/lib/reports/mute-reporter";
import { outcomeMessage } from "@/lib/reports/tell-reporters";
import { withMigratedDatabase } from "../support/database";
import { setEnv } from "../support/env";
import { startFakeBsky, type FakeBsky } from "../support/fake-bsky";

withMigratedDatabase();

const SPAM = "com.atproto.moderation.defs#reasonSpam";
const RUDE = "com.atproto.moderation.defs#reasonRude";
const bot = { handle: "warden-bot.test", password: "bot-app-password-0123" };
const AUTHOR = "did:plc:ewvi7nxzyoun6zhxrhs64oiz";
const post = (rkey: string) => ({ $type: "com.atproto.repo.strongRef" as const, uri: `at://${AUTHOR}/app.bsky.feed.post/${rkey}`, cid: `bafyrei${"e".repeat(52)}` });
let moderator: string;
let bsky: FakeBsky;

beforeAll(async () => {
  moderator = (await createToken({ name: "kim", role: "moderator" }, "test")).token;
});
beforeEach(async () => {
  bsky = await startFakeBsky({ bot, users: ["alice.test", "bob.test", "carol.test", "closed.test"], dmsClosed: ["closed.test"] });
  const restore = setEnv({ ADMIN_TOKEN: "tell-admin-token-0123456789", LABELER_DID: "did:web:warden.test", BSKY_SERVICE: bsky.url, NOTIFY_BOT_HANDLE: bot.handle, NOTIFY_BOT_PASSWORD: bot.password });
  return async () => {
    restore();
    await bsky.close();
  };
});

async function act(body: unknown) {
  const request = new Request("http://warden.test/api/reports/actions", { method: "POST", headers: { "content-type": "application/json", authorization: `Bearer ${moderator}` }, body: JSON.stringify(body) });
  const response = await actionsRoute.POST(request, { params: Promise.resolve({}) });
  return { status: response.status, json: await response.json() };
}

/** Files the reports and returns the subject's id. */
async function reported(rkey: string, reports: { reporter: string; reasonType?: string; source?: "atproto" | "service" }[]): Promise<number> {
  for (const { reporter, reasonType = SPAM, source = "atproto" } of reports) await fileReport({ source, reporter, reasonType, reason: null, subject: post(rkey) });
  return (await db().reportSubject.findUniqueOrThrow({ where: { key: post(rkey).uri } })).id;
}

const outcomeEvents = (subjectId: number) => db().reportSubjectEvent.findMany({ where: { subjectId, kind: "outcome" } });

describe("telling reporters the outcome", () => {
  it("sends one fixed, neutral DM per Bluesky reporter, not per report, and records it in the history", async () => {
    const alice = bsky.didOf("alice.test");
    const bob = bsky.didOf("bob.test");
    const id = await reported("t1", [{ reporter: alice }, { reporter: alice, reasonType: RUDE }, { reporter: bob }, { reporter: "token:scanner", source: "service" }]);
    expect(await db().report.count({ where: { subjectId: id, reporter: alice } })).toBe(2);

    const { status, json } = await act({ action: "resolve", ids: [id], tellReporters: true });
    expect(status).toBe(200);
    expect(json).toEqual({ changed: [id], skipped: [], told: { sent: 2, failed: [], skippedMuted: 0 } });
    const text = outcomeMessage(post("t1"), "resolved");
    expect(text).toContain(`https://bsky.app/profile/${AUTHOR}/post/t1`);
    expect(text).not.toContain("kim"); // no moderator is named
    expect(bsky.messages.map((message) => [message.recipientDid, message.text]).sort()).toEqual([[alice, text], [bob, text]].sort());
    const [event] = await outcomeEvents(id);
    expect(event).toMatchObject({ actor: "kim", detail: { outcome: "resolved", sent: [alice, bob].sort(), failed: [], skipped: [] } });
    expect(await db().auditEntry.count({ where: { action: "reports.tell_reporters", subject: post("t1").uri } })).toBe(1);
  });

  it("skips muted reporters, reports a DM that fails, and the resolution stands", async () => {
    const carol = bsky.didOf("carol.test");
    const closed = bsky.didOf("closed.test");
    const muted = bsky.didOf("bob.test");
    const id = await reported("t2", [{ reporter: carol }, { reporter: closed }, { reporter: muted }]);
    await setReporterMuted({ reporter: muted, muted: true }, "kim");

    const { json } = await act({ action: "dismiss", ids: [id], tellReporters: true });
    expect(json.changed).toEqual([id]);
    expect(json.told).toEqual({ sent: 1, skippedMuted: 1, failed: [{ subjectId: id, reporter: closed, error: "InvalidRequest: recipient has disabled incoming messages" }] });
    expect((await db().reportSubject.findUniqueOrThrow({ where: { id } })).state).toBe("dismissed");
    expect(bsky.messages).toEqual([{ convoId: expect.any(String), recipientDid: carol, text: outcomeMessage(post("t2"), "dismissed") }]);
    expect((await outcomeEvents(id))[0]!.detail).toMatchObject({ outcome: "dismissed", sent: [carol], skipped: [muted], failed: [{ reporter: closed }] });
  });

  it("tells nobody unless asked, and a failed login leaves the decision in place", async () => {
    const id = await reported("t3", [{ reporter: bsky.didOf("alice.test") }]);
    expect((await act({ action: "resolve", ids: [id] })).json).toEqual({ changed: [id], skipped: [] });
    expect(bsky.messages).toEqual([]);
    expect(await outcomeEvents(id)).toEqual([]);

    await act({ action: "reopen", ids: [id] });
    setEnv({ NOTIFY_BOT_PASSWORD: "not-the-password-000" });
    const { json } = await act({ action: "resolve", ids: [id], tellReporters: true });
    expect(json.changed).toEqual([id]);
    expect(json.told.sent).toBe(0);
    expect(json.told.failed[0].error).toMatch(/bot login as warden-bot.test .* failed/);
    expect((await db().reportSubject.findUniqueOrThrow({ where: { id } })).state).toBe("resolved");
  });

  it("refuses tellReporters on actions that decide nothing, and a value that is not a boolean", async () => {
    const id = await reported("t4", [{ reporter: bsky.didOf("alice.test") }]);
    expect((await act({ action: "escalate", ids: [id], tellReporters: true })).status).toBe(400);
    const wrong = await act({ action: "resolve", ids: [id], tellReporters: "yes" });
    expect(wrong.status).toBe(400);
    expect(JSON.stringify(wrong.json)).toMatch(/tellReporters/);
  });
});
