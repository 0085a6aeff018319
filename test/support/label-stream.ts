// A minimal server for the labeler's XRPC endpoints (the custom server's fast XRPC routes
// and its upgrade routes, without Next), and a websocket client that decodes frames with
// cborg, independently of the stream's own encoder.
import { createServer, type Server } from "node:http";
import net from "node:net";
import path from "node:path";
import { decodeFirst } from "cborg";
import WebSocket from "ws";
import { labelStream, startLabelStream, stopLabelStream, type LabelStream, type LabelStreamOptions } from "@/lib/labels/stream/label-stream";
import { createUpgradeRoutes } from "@/server/upgrades";
import { serveXrpcRoute, xrpcRoute } from "@/server/xrpc-routes";
import { scratchDir } from "./database";

const UNLIMITED = { connections: 10_000, connectionsPerClient: 10_000, replays: 10_000, replaysPerClient: 10_000 };

export type TestServer = { http: string; ws: string; stream: LabelStream; close(): Promise<void> };

/**
 * Starts the process's label stream and a server for it. `unixSocket` listens on a Unix
 * socket, whose small fixed buffers let a test fill them with a few hundred labels.
 */
export async function startTestServer(options: LabelStreamOptions & { unixSocket?: boolean } = {}): Promise<TestServer> {
  // Tests open many streams from one address; the limits have tests of their own.
  const stream = startLabelStream({ ...options, limits: { ...UNLIMITED, ...options.limits } });
  await until(() => stream.sequencer.ready);
  const routes = createUpgradeRoutes();
  const server: Server = createServer((request, response) => {
    const route = xrpcRoute(request);
    if (route) return void serveXrpcRoute(route, request, response);
    response.writeHead(404).end();
  });
  server.on("upgrade", (request, socket, head) => {
    const route = routes.get((request.url ?? "/").split("?")[0]!);
    if (route) route(request, socket, head);
    else socket.destroy();
  });
  const where = options.unixSocket ? path.join(scratchDir("sock"), "warden.sock") : undefined;
  await new Promise<void>((resolve) => (where ? server.listen(where, resolve) : server.listen(0, "127.0.0.1", resolve)));
  const port = (server.address() as net.AddressInfo | null)?.port;
  return {
    http: `http://127.0.0.1:${port}`,
    ws: where ? `ws+unix://${where}:` : `ws://127.0.0.1:${port}`,
    stream,
    async close() {
      await stopLabelStream();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** Waits for a condition that the code under test makes true (bounded by the test's timeout). */
export async function until(condition: () => boolean | Promise<boolean>): Promise<void> {
  while (!(await condition())) await new Promise((resolve) => setTimeout(resolve, 10));
}

export type Frame = { header: Record<string, unknown>; body: Record<string, unknown>; binary: boolean; raw: Buffer };
export type LabelsBody = { seq: number; labels: Record<string, unknown>[] };

/** Splits a frame into its two CBOR items; throws if there are not exactly two. */
export function decodeFrame(raw: Buffer, binary = true): Frame {
  const [header, rest] = decodeFirst(raw) as [Record<string, unknown>, Uint8Array];
  const [body, end] = decodeFirst(rest) as [Record<string, unknown>, Uint8Array];
  if (end.length !== 0) throw new Error(`${end.length} bytes after the body`);
  return { header, body, binary, raw };
}

export type StreamClient = {
  frames: Frame[];
  /** The seqs of the #labels frames received so far. */
  seqs(): number[];
  /** Resolves once a frame satisfies the predicate (it may already have arrived). */
  waitFor(predicate: (frame: Frame) => boolean): Promise<Frame>;
  opened: Promise<void>;
  closed: Promise<{ code: number; reason: string }>;
  /** The client's TCP or Unix socket, to stop reading (pause) and start again. */
  socket(): net.Socket;
  ws: WebSocket;
};

/** `headers` go with the upgrade request (e.g. X-Forwarded-For behind a trusted proxy). */
export function subscribe(server: TestServer, query = "", headers: Record<string, string> = {}): StreamClient {
  let raw: net.Socket | undefined;
  const ws = new WebSocket(`${server.ws}/xrpc/com.atproto.label.subscribeLabels${query}`, {
    headers,
    createConnection: (options: net.NetConnectOpts & { socketPath?: string }) =>
      (raw = net.connect(options.socketPath ? { path: options.socketPath } : options)),
  } as WebSocket.ClientOptions);
  const frames: Frame[] = [];
  const waiters = new Set<{ predicate: (frame: Frame) => boolean; resolve: (frame: Frame) => void }>();
  ws.on("message", (data: Buffer, binary) => {
    const frame = decodeFrame(data, binary);
    frames.push(frame);
    for (const waiter of waiters) {
      if (!waiter.predicate(frame)) continue;
      waiters.delete(waiter);
      waiter.resolve(frame);
    }
  });
  ws.on("error", () => {});
  const closed = new Promise<{ code: number; reason: string }>((resolve) => ws.on("close", (code, reason) => resolve({ code, reason: reason.toString() })));
  return {
    frames,
    seqs: () => frames.filter((frame) => frame.header.t === "#labels").map((frame) => (frame.body as LabelsBody).seq),
    waitFor(predicate) {
      const found = frames.find(predicate);
      if (found) return Promise.resolve(found);
      return new Promise((resolve, reject) => {
        waiters.add({ predicate, resolve });
        void closed.then(({ code }) => reject(new Error(`stream closed (${code}) before the awaited frame`)));
      });
    },
    opened: new Promise((resolve, reject) => (ws.once("open", () => resolve()), ws.once("unexpected-response", (_r, res) => reject(new Error(`HTTP ${res.statusCode}`))))),
    closed,
    socket: () => raw!,
    ws,
  };
}

export const hasSeq = (seq: number) => (frame: Frame) => frame.header.t === "#labels" && (frame.body as LabelsBody).seq === seq;

export { labelStream, stopLabelStream };
