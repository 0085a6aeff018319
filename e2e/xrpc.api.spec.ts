import { expect, test } from "@playwright/test";
import { decodeFirst } from "cborg";
import WebSocket from "ws";
import { E2E_ADMIN_TOKEN, E2E_PORT } from "./support/settings";
import { defineLabelValues } from "./support/label-definitions";

// The labeler's XRPC surface on the built server: queryLabels through the custom server's
// route, subscribeLabels through its upgrade route, and Next for everything else.
const admin = { "x-moderation-key": E2E_ADMIN_TOKEN };
const STREAM = `ws://127.0.0.1:${E2E_PORT}/xrpc/com.atproto.label.subscribeLabels`;

type Frame = { header: Record<string, unknown>; body: Record<string, unknown> };

function decode(data: Buffer): Frame {
  const [header, rest] = decodeFirst(data) as [Record<string, unknown>, Uint8Array];
  const [body] = decodeFirst(rest) as [Record<string, unknown>, Uint8Array];
  return { header, body };
}

/** Opens the stream and resolves with the first #labels frame whose seq satisfies `until`. */
function streamUntil(query: string, until: (seq: number) => boolean): { opened: Promise<void>; frame: Promise<Frame>; socket: WebSocket } {
  const socket = new WebSocket(`${STREAM}${query}`);
  const opened = new Promise<void>((resolve, reject) => (socket.once("open", () => resolve()), socket.once("error", reject)));
  const frame = new Promise<Frame>((resolve, reject) => {
    socket.on("message", (data: Buffer) => {
      const decoded = decode(data);
      if (decoded.header.t === "#labels" && until(decoded.body.seq as number)) resolve(decoded);
    });
    socket.once("close", (code) => reject(new Error(`closed ${code}`)));
  });
  return { opened, frame, socket };
}

test.beforeAll(() => defineLabelValues(["spam"]));

test("queryLabels answers the labels emitted through /emit-label, with the cursor omitted on the last page", async ({ request }) => {
  const uri = "at://did:plc:e2equeryaaaaaaaaaaaaaaaa/app.bsky.feed.post/1";
  const emitted = await request.post("/emit-label", { headers: admin, data: { uri, val: "spam" } });
  expect(emitted.status()).toBe(200);
  const response = await request.get(`/xrpc/com.atproto.label.queryLabels?uriPatterns=${encodeURIComponent("at://did:plc:e2equeryaaaaaaaaaaaaaaaa/*")}`);
  expect(response.status()).toBe(200);
  const body = await response.json();
  expect(body).toEqual({ labels: [expect.objectContaining({ uri, val: "spam", ver: 1, sig: { $bytes: expect.any(String) } })] });

  const bad = await request.get("/xrpc/com.atproto.label.queryLabels?uriPatterns=a*b&limit=0");
  expect(bad.status()).toBe(400);
  expect(Object.keys(await bad.json()).sort()).toEqual(["error", "message"]);
  expect((await request.post("/xrpc/com.atproto.label.queryLabels")).status()).toBe(405);
});

test("a websocket subscriber receives a label emitted through /emit-label, as a binary #labels frame", async ({ request }) => {
  const live = streamUntil("", () => true);
  await live.opened;
  const emitted = await request.post("/emit-label", { headers: admin, data: { uri: "at://did:plc:e2estreamaaaaaaaaaaaaaaa/app.bsky.feed.post/1", val: "spam" } });
  const { seq } = await emitted.json();
  const frame = await live.frame;
  expect(frame.header).toEqual({ t: "#labels", op: 1 });
  expect(frame.body.seq).toBe(seq);
  expect((frame.body.labels as Record<string, unknown>[])[0]).toMatchObject({ val: "spam", ver: 1, sig: expect.any(Uint8Array) });
  live.socket.close();

  const replay = streamUntil("?cursor=0", (received) => received === seq);
  expect((await replay.frame).body.seq).toBe(seq);
  replay.socket.close();
});

test("subscribeLabels over plain HTTP: 426 without Upgrade, 405 for other methods; a future cursor gets FutureCursor", async ({ request }) => {
  const plain = await request.get("/xrpc/com.atproto.label.subscribeLabels");
  expect(plain.status()).toBe(426);
  expect((await plain.json()).error).toBeTruthy();
  expect((await request.post("/xrpc/com.atproto.label.subscribeLabels")).status()).toBe(405);

  const socket = new WebSocket(`${STREAM}?cursor=999999999`);
  const frames: Frame[] = [];
  socket.on("message", (data: Buffer) => frames.push(decode(data)));
  const code = await new Promise<number>((resolve) => socket.once("close", resolve));
  expect(code).toBe(1008);
  expect(frames.map((frame) => frame.body.error)).toEqual(["FutureCursor"]);
});

test("any other XRPC method answers 501 MethodNotImplemented", async ({ request }) => {
  for (const response of [
    await request.get("/xrpc/com.atproto.admin.getAccountInfo?did=did:plc:x"),
    await request.post("/xrpc/tools.ozone.moderation.emitEvent", { data: {} }),
  ]) {
    expect(response.status()).toBe(501);
    expect(await response.json()).toMatchObject({ error: "MethodNotImplemented", message: expect.any(String) });
  }
});

test("public XRPC routes are readable from any origin; admin routes are not; /xrpc/_health answers {version}", async ({ request }) => {
  const health = await request.get("/xrpc/_health");
  expect(health.status()).toBe(200);
  expect(await health.json()).toEqual({ version: expect.any(String) });
  expect(health.headers()["access-control-allow-origin"]).toBe("*");

  const query = await request.get("/xrpc/com.atproto.label.queryLabels?uriPatterns=*", { headers: { origin: "https://app.example" } });
  expect(query.headers()["access-control-allow-origin"]).toBe("*");
  const preflight = await request.fetch("/xrpc/com.atproto.label.queryLabels", {
    method: "OPTIONS",
    headers: { origin: "https://app.example", "access-control-request-method": "GET", "access-control-request-headers": "atproto-accept-labelers" },
  });
  expect(preflight.status()).toBe(204);
  expect(preflight.headers()["access-control-allow-headers"]).toBe("atproto-accept-labelers");

  const unknown = await request.get("/xrpc/com.atproto.admin.getAccountInfo");
  expect(unknown.status()).toBe(501);
  expect(unknown.headers()["access-control-allow-origin"]).toBe("*");

  const adminRoute = await request.get("/api/tokens", { headers: { ...admin, origin: "https://app.example" } });
  expect(adminRoute.headers()["access-control-allow-origin"]).toBeUndefined();
});
