// The custom server's websocket upgrade path (server/upgrades.ts) under hostile upgrade
// requests: unknown and malformed paths, other methods, broken handshakes, bad cursors,
// garbage frames. Each gets an HTTP 4xx JSON answer or an error frame, never a crash,
// and the server keeps streaming and answering afterwards.
import { randomBytes } from "node:crypto";
import { createServer, type Server } from "node:http";
import net from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AppError } from "@/lib/errors";
import { createLabels } from "@/lib/labels/create-labels";
import { startLabelStream, stopLabelStream } from "@/lib/labels/stream/label-stream";
import { createUpgradeRoutes, rejectMalformedUpgrade, rejectUpgrade } from "@/server/upgrades";
import { serveXrpcRoute, xrpcRoute } from "@/server/xrpc-routes";
import { withMigratedDatabase } from "../support/database";
import { hasSeq, subscribe, until, type TestServer } from "../support/label-stream";

withMigratedDatabase();

const SUBSCRIBE = "/xrpc/com.atproto.label.subscribeLabels";
let server: Server;
let target: TestServer;
let lastSeq: number;

beforeAll(async () => {
  const labels = await createLabels(Array.from({ length: 5 }, (_, i) => ({ uri: `at://did:plc:abuse/app.bsky.feed.post/${i}`, val: "spam" })), "test");
  lastSeq = labels.at(-1)!.seq;
  const stream = startLabelStream();
  await until(() => stream.sequencer.ready);
  const routes = createUpgradeRoutes();
  server = createServer((request, response) => {
    const route = xrpcRoute(request);
    if (route) return void serveXrpcRoute(route, request, response);
    response.writeHead(404).end();
  });
  // The upgrade dispatch of server/server.ts, from the same parts: malformed paths,
  // then the upgrade routes by exact path, then 404.
  server.on("upgrade", (request, socket, head) => {
    if (rejectMalformedUpgrade(request, socket)) return;
    const path = (request.url ?? "/").split("?")[0]!;
    const route = routes.get(path);
    if (route) return route(request, socket, head);
    rejectUpgrade(request, socket, new AppError("not_found", `No websocket endpoint at ${path}`));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as net.AddressInfo;
  target = { http: `http://127.0.0.1:${port}`, ws: `ws://127.0.0.1:${port}`, stream, close: async () => {} };
});
afterAll(async () => {
  await stopLabelStream();
  await new Promise<void>((resolve) => server?.close(() => resolve()));
});

type Handshake = { method?: string; headers?: Record<string, string | null> };

/** An upgrade request as raw HTTP/1.1; a header set to null is left out. */
function handshake(path: string, { method = "GET", headers = {} }: Handshake = {}): string {
  const all: Record<string, string | null> = {
    host: "127.0.0.1",
    connection: "Upgrade",
    upgrade: "websocket",
    "sec-websocket-version": "13",
    "sec-websocket-key": randomBytes(16).toString("base64"),
    ...headers,
  };
  const lines = Object.entries(all).flatMap(([name, value]) => (value === null ? [] : [`${name}: ${value}`]));
  return `${method} ${path} HTTP/1.1\r\n${lines.join("\r\n")}\r\n\r\n`;
}

/** Sends a raw request on its own connection and reads the answer until the server closes it. */
async function exchange(request: string): Promise<{ status: number; headers: Record<string, string>; body: string }> {
  const { port } = server.address() as net.AddressInfo;
  const socket = net.connect(port, "127.0.0.1");
  socket.write(request);
  const chunks: Buffer[] = [];
  for await (const chunk of socket) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString("utf8");
  const [head = "", body = ""] = text.split("\r\n\r\n");
  const [statusLine = "", ...headerLines] = head.split("\r\n");
  const headers = Object.fromEntries(headerLines.map((line) => [line.slice(0, line.indexOf(":")).toLowerCase(), line.slice(line.indexOf(":") + 1).trim()]));
  return { status: Number(statusLine.split(" ")[1]), headers, body };
}

async function expectJsonRefusal(request: string, status: number, shape: "xrpc" | "admin" = "xrpc"): Promise<void> {
  const answer = await exchange(request);
  expect(answer.status, request).toBe(status);
  expect(answer.headers["content-type"], request).toBe("application/json");
  const body = JSON.parse(answer.body) as unknown;
  expect(body, request).toMatchObject(shape === "xrpc" ? { error: expect.any(String), message: expect.any(String) } : { error: { code: expect.any(String) } });
}

describe("hostile websocket upgrades", () => {
  it("answers unknown paths with 404 JSON, in the shape of the path's callers", async () => {
    await expectJsonRefusal(handshake(`${SUBSCRIBE}x`), 404);
    await expectJsonRefusal(handshake("/xrpc/com.atproto.sync.subscribeRepos"), 404);
    await expectJsonRefusal(handshake("/"), 404, "admin");
    await expectJsonRefusal(handshake("/api/health"), 404, "admin");
  });

  it("answers malformed paths and a NUL in the path with 400 JSON", async () => {
    await expectJsonRefusal(handshake(`${SUBSCRIBE}%00`), 400);
    await expectJsonRefusal(handshake("/xrpc/%ff"), 400);
    await expectJsonRefusal(handshake("/%E0%A4%A"), 400, "admin");
  });

  it("answers other methods with 405 JSON", async () => {
    for (const method of ["POST", "PUT", "DELETE", "OPTIONS"]) await expectJsonRefusal(handshake(SUBSCRIBE, { method }), 405);
  });

  it("answers a broken websocket handshake with 400 JSON", async () => {
    const broken: Record<string, string | null>[] = [
      { "sec-websocket-key": null },
      { "sec-websocket-key": "not a key" },
      { "sec-websocket-key": "AAAA" },
      { "sec-websocket-version": "99" },
      { "sec-websocket-version": null },
      { upgrade: "h2c" },
    ];
    for (const headers of broken) await expectJsonRefusal(handshake(SUBSCRIBE, { headers }), 400);
  });

  it("answers a NUL in the query with 400 JSON, before the upgrade", async () => {
    for (const query of ["?cursor=%00", "?cursor=1%00", "?cursor=1&cursor=%00", "?other=%00"]) await expectJsonRefusal(handshake(`${SUBSCRIBE}${query}`), 400);
  });

  it("answers a bad cursor with an InvalidRequest error frame, then closes", async () => {
    const cursors = ["%ff", "x".repeat(10_000), "9".repeat(10_000), "%D9%A1%D9%A2", "-0", "%2B1", "%201", "0x10", "1e3", "1&cursor=2"];
    for (const cursor of cursors) {
      const client = subscribe(target, `?cursor=${cursor}`);
      expect((await client.closed).code, cursor).toBe(1008);
      expect(client.frames.map((frame) => frame.body.error), cursor).toEqual(["InvalidRequest"]);
    }
  });

  it("closes a client that sends an oversized or malformed frame", async () => {
    const oversized = subscribe(target);
    await oversized.opened;
    oversized.ws.send(Buffer.alloc(128 * 1024));
    expect((await oversized.closed).code).toBe(1009);

    const garbage = subscribe(target);
    await garbage.opened;
    garbage.socket().write(Buffer.from([0xff, 0xff, 0xff, 0xff, 0xff, 0xff]));
    expect([1002, 1006]).toContain((await garbage.closed).code);
  });

  it("survives clients that leave mid-handshake", async () => {
    const { port } = server.address() as net.AddressInfo;
    for (const cut of [10, 40, 80]) {
      const socket = net.connect(port, "127.0.0.1");
      socket.write(handshake(SUBSCRIBE).slice(0, cut));
      socket.destroy();
    }
    // Upgraded, then half-closed at once: the server closes its side too.
    const half = net.connect(port, "127.0.0.1").resume();
    half.end(handshake(SUBSCRIBE));
    await new Promise((resolve) => half.once("close", resolve));
  });

  it("still streams and answers afterwards", async () => {
    const client = subscribe(target, "?cursor=0");
    await client.waitFor(hasSeq(lastSeq));
    client.ws.close();
    await client.closed;
    const query = await fetch(`${target.http}/xrpc/com.atproto.label.queryLabels?uriPatterns=*`);
    expect(query.status).toBe(200);
  });
});
