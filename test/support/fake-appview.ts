// A fake public Bluesky AppView on loopback speaking the two XRPC routes the reports
// inbox reads (app.bsky.feed.getPosts, app.bsky.actor.getProfile), with the views and
// errors the real one answers, so that the real @atproto/api client runs against it.
import { createServer, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export type FakePost = { uri: string; text: string; handle: string; displayName?: string };
export type FakeProfile = { did: string; handle: string; displayName?: string; description?: string };
export type FakeAppView = {
  url: string;
  /** Every call received: the method and its query string. */
  calls: { nsid: string; query: string }[];
  /** While true, requests are held unanswered (an AppView that hangs). */
  hang: boolean;
  close(): Promise<void>;
};

const CID = `bafyrei${"a".repeat(52)}`;
const send = (response: ServerResponse, status: number, body: unknown) => {
  response.writeHead(status, { "content-type": "application/json" });
  response.end(JSON.stringify(body));
};

export async function startFakeAppView(content: { posts: FakePost[]; profiles: FakeProfile[] }): Promise<FakeAppView> {
  const held: ServerResponse[] = [];
  const didOfHandle = (handle: string) => content.profiles.find((profile) => profile.handle === handle)?.did ?? `did:plc:${"b".repeat(24)}`;
  const fake: FakeAppView = {
    url: "",
    calls: [],
    hang: false,
    close: () =>
      new Promise<void>((resolve) => {
        held.splice(0).forEach((response) => response.destroy());
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  const server = createServer((request, response) => {
    const url = new URL(request.url ?? "/", "http://appview.test");
    const nsid = url.pathname.replace(/^\/xrpc\//, "");
    fake.calls.push({ nsid, query: url.search });
    if (fake.hang) return void held.push(response);
    if (request.method !== "GET") return send(response, 405, { error: "InvalidRequest", message: "Method Not Allowed" });
    if (nsid === "app.bsky.feed.getPosts") {
      const uris = url.searchParams.getAll("uris");
      if (uris.length > 25) return send(response, 400, { error: "InvalidRequest", message: "Error: uris must not have more than 25 elements" });
      const posts = content.posts.filter((post) => uris.includes(post.uri)).map((post) => ({
        uri: post.uri,
        cid: CID,
        author: { did: didOfHandle(post.handle), handle: post.handle, ...(post.displayName && { displayName: post.displayName }) },
        record: { $type: "app.bsky.feed.post", text: post.text, createdAt: "2026-12-01T10:00:00.000Z" },
        indexedAt: "2026-12-01T10:00:01.000Z",
      }));
      return send(response, 200, { posts });
    }
    if (nsid === "app.bsky.actor.getProfile") {
      const actor = url.searchParams.get("actor");
      const profile = content.profiles.find((candidate) => candidate.did === actor || candidate.handle === actor);
      if (!profile) return send(response, 400, { error: "InvalidRequest", message: "Profile not found" });
      return send(response, 200, { ...profile });
    }
    send(response, 501, { error: "MethodNotImplemented", message: "Method Not Implemented" });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  fake.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return fake;
}
