// The content the inbox shows for each subject: Bluesky posts and profiles through the
// real @atproto/api client against a fake AppView on loopback, Nostr events from the
// relay queue, each with a clear fallback when it cannot be fetched.
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { enqueueHeldEvents } from "@/lib/relay/enqueue-held";
import { clearSubjectContentCache, subjectContents } from "@/lib/reports/subject-content";
import { withMigratedDatabase } from "../support/database";
import { setEnv } from "../support/env";
import { startFakeAppView, type FakeAppView } from "../support/fake-appview";
import { newAuthor, pluginRequest } from "../relay/support/nostr";

withMigratedDatabase();

const ALICE = "did:plc:ewvi7nxzyoun6zhxrhs64oiz";
const postUri = (rkey: string) => `at://${ALICE}/app.bsky.feed.post/${rkey}`;
let appview: FakeAppView;

beforeAll(async () => {
  appview = await startFakeAppView({
    posts: [{ uri: postUri("p1"), text: "buy followers now", handle: "alice.test", displayName: "Alice" }],
    profiles: [{ did: ALICE, handle: "alice.test", displayName: "Alice", description: "hello" }],
  });
  setEnv({ BSKY_APPVIEW_URL: appview.url });
});
afterAll(() => appview.close());
beforeEach(() => {
  clearSubjectContentCache();
  appview.hang = false;
  appview.calls.length = 0;
});

/** The address of a port nothing listens on any more. */
async function closedPort(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return `http://127.0.0.1:${port}`;
}

const post = (id: number, rkey: string) => ({ id, key: postUri(rkey), kind: "record" });

describe("subject content", () => {
  it("shows a post and a profile from the AppView, says which are not there, and caches the answers", async () => {
    const subjects = [post(1, "p1"), post(2, "gone"), { id: 3, key: ALICE, kind: "account" }, { id: 4, key: "did:plc:aaaaaaaaaaaaaaaaaaaaaaaa", kind: "account" }];
    const contents = await subjectContents(subjects);
    expect(contents.get(1)).toEqual({ type: "post", text: "buy followers now", handle: "alice.test", displayName: "Alice", createdAt: "2026-12-01T10:00:00.000Z" });
    expect(contents.get(2)).toEqual({ type: "unavailable", why: "the AppView does not have this post (deleted, or hidden by its author)" });
    expect(contents.get(3)).toEqual({ type: "profile", handle: "alice.test", displayName: "Alice", description: "hello" });
    expect(contents.get(4)).toEqual({ type: "unavailable", why: "the AppView does not show this account (Profile not found)" });
    expect(appview.calls.map((call) => call.nsid).sort()).toEqual(["app.bsky.actor.getProfile", "app.bsky.actor.getProfile", "app.bsky.feed.getPosts"]);

    const again = await subjectContents(subjects);
    expect(again).toEqual(contents);
    expect(appview.calls).toHaveLength(3);
  });

  it("asks for posts 25 at a time; other records are not fetched", async () => {
    const many = Array.from({ length: 30 }, (_, index) => post(100 + index, `m${index}`));
    const contents = await subjectContents([...many, { id: 200, key: `at://${ALICE}/app.bsky.graph.list/l1`, kind: "record" }]);
    expect(appview.calls.filter((call) => call.nsid === "app.bsky.feed.getPosts").map((call) => new URLSearchParams(call.query).getAll("uris").length)).toEqual([25, 5]);
    expect(contents.get(200)).toEqual({ type: "unavailable", why: "only posts are shown here; open the record on its network" });
  });

  it("falls back when the AppView hangs past the timeout or cannot be reached", async () => {
    appview.hang = true;
    expect((await subjectContents([post(1, "p1")])).get(1)).toEqual({ type: "unavailable", why: "the AppView did not answer in time" });
    clearSubjectContentCache();
    setEnv({ BSKY_APPVIEW_URL: await closedPort() });
    try {
      expect((await subjectContents([{ id: 3, key: ALICE, kind: "account" }])).get(3)).toEqual({ type: "unavailable", why: "the AppView could not be reached" });
    } finally {
      setEnv({ BSKY_APPVIEW_URL: appview.url });
    }
  });

  it("shows a Nostr event from the relay queue's stored events, with its queue status", async () => {
    const event = newAuthor().sign({ content: "a held note" });
    await enqueueHeldEvents([pluginRequest(event)]);
    const contents = await subjectContents([{ id: 1, key: `nostr:event:${event.id}`, kind: "nostr_event" }, { id: 2, key: `nostr:event:${"ab".repeat(32)}`, kind: "nostr_event" }]);
    expect(contents.get(1)).toEqual({ type: "nostr_event", text: "a held note", eventKind: 1, createdAt: new Date(event.created_at * 1000).toISOString(), queueStatus: "pending" });
    expect(contents.get(2)).toMatchObject({ type: "unavailable", why: expect.stringMatching(/^Warden's relay queue never held this event/) });
    expect(appview.calls).toHaveLength(0);
  });
});
