// Inbox actions through POST /api/reports/actions: state changes, comments and labels
// on several subjects at once, each in the subject's history and the audit log.
import { describe, expect, it } from "vitest";
import { createToken } from "@/lib/auth/tokens";
import { db } from "@/lib/db";
import { parseQueryLabelsQuery, queryLabels } from "@/lib/labels/query-labels";
import { withMigratedDatabase } from "../support/database";
import { actionTokens, postAction, reportedSubjectId } from "./support/actions";

withMigratedDatabase();

const post = (rkey: string) => ({ $type: "com.atproto.repo.strongRef" as const, uri: `at://did:plc:ewvi7nxzyoun6zhxrhs64oiz/app.bsky.feed.post/${rkey}`, cid: `bafyrei${"b".repeat(52)}` });
const tokens = actionTokens("actions-admin-token-0123456789");
const act = (body: unknown, token = tokens.moderator) => postAction(body, token);
const subjectId = (rkey: string) => reportedSubjectId(post(rkey), post(rkey).uri);

describe("inbox actions", () => {
  it("escalates, dismisses and reopens several subjects, skipping those already there, with history and audit", async () => {
    const ids = [await subjectId("s1"), await subjectId("s2")];
    expect((await act({ action: "escalate", ids, note: "needs a second look" })).json).toEqual({ changed: ids, skipped: [] });
    expect((await act({ action: "escalate", ids: [ids[0]] })).json.skipped).toEqual([{ id: ids[0], why: "already escalated" }]);
    await act({ action: "dismiss", ids: [ids[0]] });
    const dismissed = await db().reportSubject.findUniqueOrThrow({ where: { id: ids[0] }, include: { events: { orderBy: { id: "asc" } } } });
    expect(dismissed.state).toBe("dismissed");
    expect(dismissed.events.map((event) => [event.kind, event.actor])).toEqual([["report", "token:scanner"], ["state", "mod"], ["state", "mod"]]);
    expect(await db().auditEntry.count({ where: { subject: post("s1").uri, action: { startsWith: "reports." }, actor: "mod" } })).toBe(2);
    await act({ action: "reopen", ids: [ids[0]] });
    expect((await db().reportSubject.findUniqueOrThrow({ where: { id: ids[0] } })).state).toBe("open");
  });

  it("comments without changing the state; a comment needs its text", async () => {
    const id = await subjectId("s3");
    expect((await act({ action: "comment", ids: [id], note: "the same account posted it twice" })).status).toBe(200);
    expect((await db().reportSubject.findUniqueOrThrow({ where: { id } })).state).toBe("open");
    expect(await db().reportSubjectEvent.findFirst({ where: { subjectId: id, kind: "comment" } })).toMatchObject({ actor: "mod", detail: { note: "the same account posted it twice" } });
    expect((await act({ action: "comment", ids: [id] })).status).toBe(400);
  });

  it("labels Bluesky subjects (signed, in queryLabels) and resolves them; Nostr subjects are skipped", async () => {
    const id = await subjectId("s4");
    const nostr = await reportedSubjectId({ nostrPubkey: "ef".repeat(32) }, `nostr:pubkey:${"ef".repeat(32)}`);
    const { json } = await act({ action: "label", ids: [id, nostr], val: "spam" });
    expect(json).toEqual({ changed: [id], skipped: [{ id: nostr, why: "labels apply to Bluesky subjects only" }] });
    const { labels } = await queryLabels(parseQueryLabelsQuery(new URLSearchParams({ uriPatterns: post("s4").uri })));
    expect(labels).toEqual([expect.objectContaining({ uri: post("s4").uri, val: "spam", src: "did:web:warden.test" })]);
    expect((await db().reportSubject.findUniqueOrThrow({ where: { id } })).state).toBe("resolved");
  });

  it("refuses roles that cannot review and subjects that do not exist", async () => {
    expect((await act({ action: "dismiss", ids: [1] }, tokens.triage)).status).toBe(403);
    expect((await act({ action: "dismiss", ids: [999_999] })).status).toBe(404);
    expect((await act({ action: "label", ids: [1], val: "Not Valid" })).status).toBe(400);
  });
});

describe("claims", () => {
  it("a claim holds a subject for its moderator: others are skipped until they take over, and see who holds it", async () => {
    const other = (await createToken({ name: "mod2", role: "moderator" }, "test")).token;
    const id = await subjectId("c1");
    expect((await act({ action: "claim", ids: [id] })).json).toEqual({ changed: [id], skipped: [] });
    const held = await db().reportSubject.findUniqueOrThrow({ where: { id } });
    expect(held.claimedBy).toBe("mod");
    expect(held.claimedUntil!.getTime()).toBeGreaterThan(Date.now() + 4 * 60_000);

    expect((await act({ action: "claim", ids: [id] }, other)).json).toEqual({ changed: [], skipped: [{ id, why: "claimed by mod" }] });
    expect((await act({ action: "dismiss", ids: [id] }, other)).json.skipped).toEqual([{ id, why: "claimed by mod" }]);
    expect((await db().reportSubject.findUniqueOrThrow({ where: { id } })).state).toBe("open");

    expect((await act({ action: "dismiss", ids: [id], takeOver: true }, other)).json.changed).toEqual([id]);
    expect((await act({ action: "claim", ids: [id], takeOver: true }, other)).json.changed).toEqual([id]);
    expect((await db().reportSubject.findUniqueOrThrow({ where: { id } })).claimedBy).toBe("mod2");
    const audit = await db().auditEntry.findFirstOrThrow({ where: { action: "reports.claim", actor: "mod2" } });
    expect(audit.detail).toMatchObject({ tookOverFrom: "mod" });

    expect((await act({ action: "release", ids: [id] })).json.skipped).toEqual([{ id, why: "claimed by mod2" }]);
    expect((await act({ action: "release", ids: [id] }, other)).json.changed).toEqual([id]);
    expect((await db().reportSubject.findUniqueOrThrow({ where: { id } })).claimedBy).toBeNull();
  });

  it("an expired lease is free", async () => {
    const id = await subjectId("c2");
    await db().reportSubject.update({ where: { id }, data: { claimedBy: "someone", claimedUntil: new Date(Date.now() - 1000) } });
    expect((await act({ action: "escalate", ids: [id] })).json.changed).toEqual([id]);
    expect((await act({ action: "claim", ids: [id] })).json.changed).toEqual([id]);
  });
});
