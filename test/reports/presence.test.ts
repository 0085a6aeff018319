// Live presence on report subjects (decision 032): rows with a heartbeat expiry, and the
// push of changes through LISTEN/NOTIFY to the subject's event stream.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as liveRoute from "@/app/api/reports/subjects/[id]/live/route";
import * as presenceRoute from "@/app/api/reports/subjects/[id]/presence/route";
import { createToken } from "@/lib/auth/tokens";
import { db } from "@/lib/db";
import { actOnSubjects } from "@/lib/reports/act-on-subjects";
import { fileReport } from "@/lib/reports/file-report";
import { stopWatchingSubjects, watchSubject } from "@/lib/reports/live-feed";
import { subjectLiveStream } from "@/lib/reports/live-stream";
import { leaveSubject, markViewing, nextExpiry, PRESENCE_TTL_MS, subjectLive, type SubjectLive } from "@/lib/reports/presence";
import { withMigratedDatabase } from "../support/database";
import { setEnv } from "../support/env";

withMigratedDatabase();

const SPAM = "com.atproto.moderation.defs#reasonSpam";
const T0 = new Date("2026-12-05T12:00:00.000Z");
const at = (ms: number) => new Date(T0.getTime() + ms);
let token: string;

beforeAll(async () => {
  setEnv({ ADMIN_TOKEN: "presence-admin-token-0123456789", LABELER_DID: "did:web:warden.test" });
  token = (await createToken({ name: "script", role: "moderator" }, "test")).token;
});
afterAll(() => stopWatchingSubjects());

async function newSubject(rkey: string): Promise<number> {
  const subject = { $type: "com.atproto.repo.strongRef" as const, uri: `at://did:plc:ewvi7nxzyoun6zhxrhs64oiz/app.bsky.feed.post/${rkey}`, cid: `bafyrei${"d".repeat(52)}` };
  await fileReport({ source: "service", reporter: "token:scanner", reasonType: SPAM, reason: null, subject });
  return (await db().reportSubject.findUniqueOrThrow({ where: { key: subject.uri } })).id;
}

const names = (live: SubjectLive | null) => live?.viewers.map((viewer) => viewer.moderator);

describe("presence store", () => {
  it("shows two moderators on a subject until each one's heartbeat expires", async () => {
    const id = await newSubject("p1");
    await markViewing(id, "alice", T0);
    const both = await markViewing(id, "bob", at(20_000));
    expect(names(both)).toEqual(["alice", "bob"]);
    expect(both.viewers[0]!.until).toBe(at(PRESENCE_TTL_MS).toISOString());
    // Alice's page stopped beating: gone once her 30 s are up, Bob still there.
    expect(names(await subjectLive(id, at(PRESENCE_TTL_MS - 1)))).toEqual(["alice", "bob"]);
    expect(names(await subjectLive(id, at(PRESENCE_TTL_MS)))).toEqual(["bob"]);
    // A heartbeat renews: Bob beats again and stays past his first expiry.
    await markViewing(id, "bob", at(40_000));
    expect(names(await subjectLive(id, at(55_000)))).toEqual(["bob"]);
    // Expired rows are dropped by the next heartbeat, on any subject.
    expect(await db().reportPresence.count({ where: { subjectId: id, moderator: "alice" } })).toBe(0);
  });

  it("drops a moderator who leaves at once, and the other stays", async () => {
    const id = await newSubject("p2");
    await markViewing(id, "alice");
    await markViewing(id, "bob");
    await leaveSubject(id, "alice");
    expect(names(await subjectLive(id))).toEqual(["bob"]);
    await leaveSubject(id, "alice"); // leaving twice is harmless
    expect(names(await subjectLive(id))).toEqual(["bob"]);
  });

  it("shows the claim while its lease runs, and says when the view next changes by itself", async () => {
    const id = await newSubject("p3");
    await actOnSubjects({ action: "claim", ids: [id], takeOver: false }, "alice");
    const live = (await subjectLive(id))!;
    expect(live.claim?.by).toBe("alice");
    expect(nextExpiry(live)).toBeGreaterThan(0);
    expect(nextExpiry({ ...live, claim: null, viewers: [] })).toBeNull();
    expect(nextExpiry({ ...live, claim: null, viewers: [{ moderator: "a", until: at(5_000).toISOString() }] }, T0.getTime())).toBe(5_000);
  });

  it("refuses a subject that does not exist", async () => {
    await expect(markViewing(999_999, "alice")).rejects.toMatchObject({ code: "not_found" });
    expect(await subjectLive(999_999)).toBeNull();
  });
});

describe("push", () => {
  it("notifies the subject's watchers when someone opens it, leaves it, or claims it, and not other subjects'", async () => {
    const id = await newSubject("p4");
    const other = await newSubject("p5");
    const changes: string[] = [];
    let wake = () => {};
    const next = () => new Promise<void>((resolve) => (wake = resolve));
    const stop = watchSubject(id, () => {
      changes.push("change");
      wake();
    });
    // The first watcher starts the LISTEN: wait until a notice gets through.
    await expect.poll(async () => {
      await leaveSubject(id, "nobody");
      await markViewing(id, "warmup");
      await leaveSubject(id, "warmup");
      return changes.length;
    }).toBeGreaterThan(0);
    // Watched once listening: a (re)start of the LISTEN tells every watcher, on purpose.
    let otherCalls = 0;
    const stopOther = watchSubject(other, () => void otherCalls++);

    let changed = next();
    await markViewing(id, "alice");
    await changed;
    changed = next();
    await actOnSubjects({ action: "claim", ids: [id], takeOver: false }, "alice");
    await changed;
    changed = next();
    await leaveSubject(id, "alice");
    await changed;
    expect(otherCalls).toBe(0);
    stop();
    stopOther();
  });

  it("streams the live view as server-sent events: the first view, then each change", async () => {
    const id = await newSubject("p6");
    await markViewing(id, "alice");
    const abort = new AbortController();
    const reader = subjectLiveStream(id, (await subjectLive(id))!, abort.signal).getReader();
    const decoder = new TextDecoder();
    let buffer = "";
    const nextLive = async (): Promise<SubjectLive> => {
      for (;;) {
        const match = /event: live\ndata: (.*)\n\n/.exec(buffer);
        if (match) {
          buffer = buffer.slice(match.index + match[0].length);
          return JSON.parse(match[1]!) as SubjectLive;
        }
        const { value, done } = await reader.read();
        if (done) throw new Error("the stream ended");
        buffer += decoder.decode(value, { stream: true });
      }
    };
    expect(names(await nextLive())).toEqual(["alice"]);
    await markViewing(id, "bob");
    let live = await nextLive();
    while (names(live)?.length !== 2) live = await nextLive();
    expect(names(live)).toEqual(["alice", "bob"]);
    await actOnSubjects({ action: "claim", ids: [id], takeOver: false }, "bob");
    while (!live.claim) live = await nextLive();
    expect(live.claim.by).toBe("bob");
    abort.abort();
    expect((await reader.read()).done).toBe(true);
  });
});

describe("shutdown", () => {
  it("ends every open stream when the process stops watching (they would hold server.close open)", async () => {
    const id = await newSubject("p8");
    const reader = subjectLiveStream(id, (await subjectLive(id))!, new AbortController().signal).getReader();
    expect(new TextDecoder().decode((await reader.read()).value)).toContain("retry:");
    await stopWatchingSubjects();
    let done = false;
    while (!done) done = (await reader.read()).done;
    expect(done).toBe(true);
  });
});

describe("presence routes", () => {
  const call = async (handler: (request: Request, context?: { params: Promise<Record<string, string>> }) => Promise<Response>, id: string, init: RequestInit = {}) => {
    const request = new Request(`http://warden.test/api/reports/subjects/${id}/presence`, { ...init, headers: { authorization: `Bearer ${token}`, ...(init.body ? { "content-type": "application/json" } : {}) } });
    const response = await handler(request, { params: Promise.resolve({ id }) });
    return { status: response.status, json: (await response.json().catch(() => null)) as { error?: { message?: string } } | null };
  };

  it("takes a signed-in session only: a token gets 403, and nothing is recorded", async () => {
    const id = await newSubject("p7");
    const refused = await call(presenceRoute.POST, String(id), { method: "POST", body: "{}" });
    expect(refused.status).toBe(403);
    expect(refused.json?.error?.message).toMatch(/signed-in moderators/);
    expect((await call(liveRoute.GET, String(id))).status).toBe(403);
    expect(await db().reportPresence.count({ where: { subjectId: id } })).toBe(0);
  });

  it("refuses a malformed subject id with 400 naming it", async () => {
    const bad = await call(presenceRoute.POST, "abc", { method: "POST", body: "{}" });
    expect(bad.status).toBe(400);
    expect(bad.json?.error?.message).toMatch(/id/);
  });
});
