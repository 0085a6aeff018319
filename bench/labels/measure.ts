import type net from "node:net";
import autocannon from "autocannon";
import { openStream, seqOf } from "./raw-stream.ts";

export type Load = { rps: number; p50: number; p99: number; max: number; failed: number; total: number };

/**
 * queryLabels at 32 connections for `seconds`, each request on the next path. Only 2xx
 * answers count towards req/s; non-2xx, errors and timeouts (10 s) count as failed.
 */
export async function queryLoad(http: string, nextPath: () => string, seconds: number): Promise<Load> {
  const result = await autocannon({
    url: http,
    connections: 32,
    duration: seconds,
    timeout: 10,
    requests: [{ method: "GET", setupRequest: (request) => ({ ...request, path: nextPath() }) }],
  });
  const failed = result.non2xx + result.errors + result.timeouts;
  return {
    rps: result["2xx"] / result.duration,
    p50: result.latency.p50,
    p99: result.latency.p99,
    max: result.latency.max,
    failed,
    total: result.requests.total + result.errors + result.timeouts,
  };
}

/** One client replays from cursor=0 until it has `expected` labels: labels/s from connecting to the last one. */
export async function replay(ws: string, expected: number): Promise<{ perSecond: number; lastSeq: number }> {
  const started = performance.now();
  let received = 0;
  let socket: net.Socket | undefined;
  const last = await new Promise<Buffer>((resolve, reject) => {
    openStream(ws, "?cursor=0", (payload) => ++received === expected && resolve(Buffer.from(payload)))
      .then((opened) => {
        socket = opened;
        opened.once("close", () => reject(new Error(`replay closed after ${received} of ${expected} labels`)));
      })
      .catch(reject);
  });
  const seconds = (performance.now() - started) / 1000;
  socket?.destroy();
  return { perSecond: expected / seconds, lastSeq: seqOf(last) };
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
  const onFrame = (payload: Buffer) => {
    const at = performance.now();
    const seq = seqOf(payload);
    const list = receipts.get(seq);
    if (list) list.push(at);
    else receipts.set(seq, [at]);
  };
  const sockets = await Promise.all(Array.from({ length: subscribers }, () => openStream(ws, "", onFrame)));
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
    for (const socket of sockets) socket.destroy();
  }
  latencies.sort((a, b) => a - b);
  const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * q))]!;
  return { p50: at(0.5), p99: at(0.99), samples: latencies.length };
}

/** Labels/s over batches of `size` for about `seconds`, with `inFlight` batches sent at a time (each sender waits for its answer). */
export async function emission(seconds: number, size: number, inFlight: number, emitBatch: (batch: number) => Promise<void>): Promise<number> {
  const started = performance.now();
  let batches = 0;
  const sender = async () => {
    while (performance.now() - started < seconds * 1000 && batches * size < 200_000) await emitBatch(batches++);
  };
  await Promise.all(Array.from({ length: inFlight }, sender));
  return (batches * size) / ((performance.now() - started) / 1000);
}

export type Replays = { stop(): Promise<{ completed: number; labels: number }> };

/**
 * `count` clients each replaying from cursor=0 again and again (`expected` labels each
 * time) until stopped, so that replays run through a whole measurement. Rejects, when
 * stopped, if a replay broke off, was refused, or sent a seq out of order.
 */
export function backgroundReplays(ws: string, count: number, expected: number): Replays {
  let stopping = false;
  let completed = 0;
  let labels = 0;
  const sockets = new Set<net.Socket>();
  const replayOnce = () =>
    new Promise<void>((resolve, reject) => {
      let received = 0;
      let last = 0;
      let finished = false;
      let socket: net.Socket | undefined;
      const finish = (error?: Error) => {
        finished = true;
        socket?.destroy();
        if (error) reject(error);
        else resolve();
      };
      const onFrame = (payload: Buffer) => {
        if (finished) return;
        const seq = seqOf(payload);
        if (!(seq > last)) return finish(new Error(`a replay sent ${Number.isInteger(seq) ? `seq ${seq} after ${last}` : "an error frame"}`));
        last = seq;
        labels++;
        if (++received === expected) finish();
      };
      openStream(ws, "?cursor=0", onFrame).then((opened) => {
        socket = opened;
        if (finished) return opened.destroy();
        sockets.add(opened);
        opened.once("close", () => {
          sockets.delete(opened);
          if (stopping || finished) return finish();
          finish(new Error(`a replay closed after ${received} of ${expected} labels`));
        });
      }, reject);
    });
  const client = async () => {
    while (!stopping) {
      await replayOnce();
      if (!stopping) completed++;
    }
  };
  const running = Promise.all(Array.from({ length: count }, client));
  running.catch(() => {}); // reported by stop()
  return {
    async stop() {
      stopping = true;
      for (const socket of sockets) socket.destroy();
      await running;
      return { completed, labels };
    },
  };
}
