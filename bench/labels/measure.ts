import { randomBytes } from "node:crypto";
import net from "node:net";
import autocannon from "autocannon";
import { decodeFirst } from "cborg";
import WebSocket from "ws";

const STREAM = "/xrpc/com.atproto.label.subscribeLabels";

export type Load = { rps: number; p50: number; p99: number; failed: number };

/** queryLabels at 32 connections for `seconds`, each request on the next path. */
export async function queryLoad(http: string, nextPath: () => string, seconds: number): Promise<Load> {
  const result = await autocannon({
    url: http,
    connections: 32,
    duration: seconds,
    timeout: 60,
    requests: [{ method: "GET", setupRequest: (request) => ({ ...request, path: nextPath() }) }],
  });
  return {
    rps: result.requests.total / result.duration,
    p50: result.latency.p50,
    p99: result.latency.p99,
    failed: result.non2xx + result.errors + result.timeouts,
  };
}

const seqOf = (data: Buffer) => (decodeFirst(decodeFirst(data)[1])[0] as { seq: number }).seq;

/**
 * One client replays from cursor=0 until it has `expected` labels: labels/s from connecting
 * to the last one. The client only splits websocket frames (a full ws client costs more
 * per message than either server); it decodes the last frame to check its seq.
 */
export async function replay(ws: string, expected: number): Promise<{ perSecond: number; lastSeq: number }> {
  const { hostname, port } = new URL(ws);
  const started = performance.now();
  const socket = net.connect(Number(port), hostname, () =>
    socket.write(
      `GET ${STREAM}?cursor=0 HTTP/1.1\r\nHost: ${hostname}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
        `Sec-WebSocket-Key: ${randomBytes(16).toString("base64")}\r\nSec-WebSocket-Version: 13\r\n\r\n`,
    ),
  );
  const last = await new Promise<Buffer>((resolve, reject) => {
    let buffered: Buffer = Buffer.alloc(0);
    let upgraded = false;
    let received = 0;
    socket.on("data", (chunk: Buffer) => {
      buffered = buffered.length ? Buffer.concat([buffered, chunk]) : chunk;
      let at = 0;
      if (!upgraded) {
        const end = buffered.indexOf("\r\n\r\n");
        if (end < 0) return;
        upgraded = true;
        at = end + 4;
      }
      for (;;) {
        const frame = frameAt(buffered, at);
        if (!frame) break;
        at = frame.end;
        if (++received === expected) return resolve(buffered.subarray(frame.start, frame.end));
      }
      buffered = buffered.subarray(at);
    });
    socket.once("close", () => reject(new Error(`replay closed after ${received} of ${expected} labels`)));
    socket.once("error", reject);
  });
  const seconds = (performance.now() - started) / 1000;
  socket.destroy();
  return { perSecond: expected / seconds, lastSeq: seqOf(last) };
}

/** An unmasked server frame at `at`: where its payload starts and where it ends, if complete. */
function frameAt(buffer: Buffer, at: number): { start: number; end: number } | undefined {
  if (buffer.length - at < 2) return undefined;
  let length = buffer[at + 1]! & 0x7f;
  let start = at + 2;
  if (length === 126) {
    if (buffer.length - at < 4) return undefined;
    length = buffer.readUInt16BE(at + 2);
    start = at + 4;
  } else if (length === 127) {
    if (buffer.length - at < 10) return undefined;
    length = Number(buffer.readBigUInt64BE(at + 2));
    start = at + 10;
  }
  return start + length <= buffer.length ? { start, end: start + length } : undefined;
}

/**
 * `subscribers` live clients; `emits` labels one at a time, each once every client has the
 * previous, after `warmUp` unmeasured ones. Latency is from just before the emit call to
 * each client's receipt.
 */
export async function fanOut(
  ws: string,
  subscribers: number,
  emits: number,
  emit: () => Promise<number>,
  warmUp = 5,
): Promise<{ p50: number; p99: number; samples: number }> {
  const receipts = new Map<number, number[]>();
  const sockets = await Promise.all(
    Array.from({ length: subscribers }, () => {
      const socket = new WebSocket(`${ws}${STREAM}`);
      socket.on("message", (data: Buffer) => {
        const at = performance.now();
        const seq = seqOf(data);
        const list = receipts.get(seq);
        if (list) list.push(at);
        else receipts.set(seq, [at]);
      });
      return new Promise<WebSocket>((resolve, reject) => (socket.once("open", () => resolve(socket)), socket.once("error", reject)));
    }),
  );
  const latencies: number[] = [];
  try {
    for (let i = -warmUp; i < emits; i++) {
      const before = performance.now();
      const seq = await emit();
      const deadline = Date.now() + 30_000;
      while ((receipts.get(seq)?.length ?? 0) < subscribers) {
        if (Date.now() > deadline) throw new Error(`seq ${seq} reached ${receipts.get(seq)?.length ?? 0} of ${subscribers} subscribers`);
        await new Promise((resolve) => setImmediate(resolve));
      }
      if (i >= 0) latencies.push(...receipts.get(seq)!.map((at) => at - before));
      receipts.delete(seq);
    }
  } finally {
    for (const socket of sockets) socket.terminate();
  }
  latencies.sort((a, b) => a - b);
  const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * q))]!;
  return { p50: at(0.5), p99: at(0.99), samples: latencies.length };
}

/** Labels/s over batches of `size`, for about `seconds`. */
export async function emission(seconds: number, size: number, emitBatch: (batch: number) => Promise<void>): Promise<number> {
  const started = performance.now();
  let batches = 0;
  while (performance.now() - started < seconds * 1000 && batches < 1_000) await emitBatch(batches++);
  return (batches * size) / ((performance.now() - started) / 1000);
}
