// Conformance checks 19-29 of shared/docs/atproto-labeler.md §6 (subscribeLabels), with a
// real websocket client against the custom server's upgrade route, decoding frames with
// cborg and verifying every signature with @atproto/crypto.
import { randomBytes } from "node:crypto";
import { createServer } from "node:http";
import net from "node:net";
import { verifySignature } from "@atproto/crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GET as subscribeOverHttp, POST as postToSubscribe } from "@/app/xrpc/com.atproto.label.subscribeLabels/route";
import { closeDatabase, db } from "@/lib/db";
import { createLabels } from "@/lib/labels/create-labels";
import type { StoredLabel } from "@/lib/labels/label-codec";
import { labelerIdentity } from "@/lib/labels/labeler-identity";
import { labelSigningBytes, type UnsignedLabel } from "@/lib/labels/sign-label";
import { createUpgradeRoutes, SUBSCRIBE_LABELS_PATH } from "@/server/upgrades";
import { withMigratedDatabase } from "../support/database";
import { hasSeq, startTestServer, subscribe, until, type LabelsBody, type StreamClient, type TestServer } from "../support/label-stream";

withMigratedDatabase();

const post = (rkey: string) => `at://did:plc:ewvi7nxzyoun6zhxrhs64oiz/app.bsky.feed.post/${rkey}`;
const emit = (prefix: string, count = 1, extra: { val?: string; neg?: boolean } = {}) =>
  createLabels(Array.from({ length: count }, (_, i) => ({ uri: post(`${prefix}-${i}`), val: "spam", ...extra })), "test");

/** The seqs a full replay must send: the current label of every key, in seq order. */
async function currentSeqs(after = 0): Promise<number[]> {
  const heads = await db().labelHead.findMany({ where: { seq: { gt: BigInt(after) } }, orderBy: { seq: "asc" }, select: { seq: true } });
  return heads.map((head) => Number(head.seq));
}

let server: TestServer;
beforeAll(async () => {
  await emit("seed", 30);
  // Every optional field, so that the signature checks cover their encoding too.
  await createLabels([{ uri: post("pinned"), cid: "bafyreifxykqhed72s26cr4i64rxvrtofeqrly3j4vjzbkvo3ckkjbxjqtq", val: "spam", exp: "2030-01-01T00:00:00Z" }], "test");
  server = await startTestServer({ outbox: { pageSize: 7 } });
});
afterAll(() => server?.close());

async function untilClosed(client: StreamClient) {
  client.ws.close();
  await client.closed;
}

describe("subscribeLabels (conformance checks 19-29)", () => {
  it("check 19: frames are binary, hold exactly two CBOR items, and the #labels header bytes are exact", async () => {
    const client = subscribe(server, "?cursor=0");
    const expected = await currentSeqs();
    await client.waitFor(hasSeq(expected.at(-1)!));
    for (const frame of client.frames) {
      expect(frame.binary).toBe(true);
      expect(frame.raw.subarray(0, 15).toString("hex")).toBe("a2617467236c6162656c73626f7001");
    }
    await untilClosed(client);
  });

  it("check 20: payloads have no $type, seq is an integer, and every label's sig verifies", async () => {
    const { didKey } = await labelerIdentity();
    const client = subscribe(server, "?cursor=0");
    const expected = await currentSeqs();
    await client.waitFor(hasSeq(expected.at(-1)!));
    for (const { body, raw } of client.frames) {
      const { seq, labels } = body as LabelsBody;
      expect(Number.isInteger(seq)).toBe(true);
      expect(Object.keys(body).sort()).toEqual(["labels", "seq"]);
      expect(raw.includes("$type")).toBe(false);
      for (const label of labels) {
        const { sig, ...unsigned } = label as UnsignedLabel & { sig: Uint8Array };
        expect(sig).toBeInstanceOf(Uint8Array);
        expect(await verifySignature(didKey, labelSigningBytes(unsigned), sig, { allowMalleableSig: false })).toBe(true);
      }
    }
    await untilClosed(client);
  });

  it("check 21: without a cursor the stream is live only", async () => {
    const client = subscribe(server);
    await client.opened;
    const [label] = await emit("live-only");
    await client.waitFor(hasSeq(label!.seq));
    expect(client.seqs()).toEqual([label!.seq]);
    await untilClosed(client);
  });

  it("check 22: cursor=0 replays every current label in seq order, then goes live", async () => {
    const client = subscribe(server, "?cursor=0");
    const expected = await currentSeqs();
    await client.waitFor(hasSeq(expected.at(-1)!));
    const [label] = await emit("after-replay");
    await client.waitFor(hasSeq(label!.seq));
    expect(client.seqs()).toEqual([...expected, label!.seq]);

    const middle = expected[10]!;
    const resumed = subscribe(server, `?cursor=${middle}`);
    await resumed.waitFor(hasSeq(label!.seq));
    expect(resumed.seqs()).toEqual([...expected.filter((seq) => seq > middle), label!.seq]);
    await untilClosed(client);
    await untilClosed(resumed);
  });

  it("check 23: a cursor beyond the head gets the FutureCursor error frame, then close", async () => {
    const head = (await currentSeqs()).at(-1)!;
    const client = subscribe(server, `?cursor=${head + 1000}`);
    const { code, reason } = await client.closed;
    expect(client.frames).toHaveLength(1);
    expect(client.frames[0]!.raw.subarray(0, 5).toString("hex")).toBe("a1626f7020");
    expect(client.frames[0]!.body).toMatchObject({ error: "FutureCursor", message: expect.any(String) });
    expect({ code, reason }).toEqual({ code: 1008, reason: "FutureCursor" });
  });

  it("an invalid cursor gets an InvalidRequest error frame, then close", async () => {
    for (const query of ["?cursor=abc", "?cursor=-1", "?cursor=1.5", "?cursor=", "?cursor=99999999999999999", "?cursor=1&cursor=2"]) {
      const client = subscribe(server, query);
      expect((await client.closed).code, query).toBe(1008);
      expect(client.frames.map((frame) => frame.body.error), query).toEqual(["InvalidRequest"]);
    }
  });

  it("check 24: seq is strictly increasing, at least 1, below 2^53, and never reused after a restart", async () => {
    const before = await currentSeqs();
    await server.close();
    await closeDatabase(); // as a restarted process: new connections (and a new PGlite instance)
    const [first] = await emit("after-restart", 3);
    server = await startTestServer({ outbox: { pageSize: 7 } });
    const client = subscribe(server, "?cursor=0");
    const after = await currentSeqs();
    await client.waitFor(hasSeq(after.at(-1)!));
    const seqs = client.seqs();
    expect(seqs).toEqual(after);
    expect(seqs[0]).toBeGreaterThanOrEqual(1);
    expect(seqs.at(-1)!).toBeLessThan(2 ** 53);
    for (let i = 1; i < seqs.length; i++) expect(seqs[i]).toBeGreaterThan(seqs[i - 1]!);
    expect(first!.seq).toBeGreaterThan(before.at(-1)!);
    await untilClosed(client);
  });

  it("check 25: ten clients replaying from cursor=0 while labels are written each see every seq exactly once, in order", async () => {
    await emit("bulk", 300);
    const clients: StreamClient[] = [];
    const written: StoredLabel[] = [];
    for (let round = 0; round < 10; round++) {
      clients.push(subscribe(server, "?cursor=0")); // joins while the previous ones are still replaying
      written.push(...(await emit(`during-${round}`, 20)));
    }
    const last = written.at(-1)!.seq;
    await Promise.all(clients.map((client) => client.waitFor(hasSeq(last))));
    const expected = await currentSeqs(); // nothing was superseded: every seq is current
    for (const client of clients) expect(client.seqs()).toEqual(expected);
    await Promise.all(clients.map(untilClosed));
  });

  it("check 26: plain HTTP gets 426 (no Upgrade) or 405 (not GET), and a non-GET upgrade gets 405", async () => {
    const url = "http://localhost/xrpc/com.atproto.label.subscribeLabels";
    const plain = await subscribeOverHttp(new Request(url));
    expect(plain.status).toBe(426);
    expect(await plain.json()).toMatchObject({ error: expect.any(String), message: expect.any(String) });
    const posted = await postToSubscribe(new Request(url, { method: "POST" }));
    expect(posted.status).toBe(405);
    expect(await posted.json()).toMatchObject({ error: "MethodNotAllowed" });

    const status = await rawUpgrade(server, "POST");
    expect(status).toMatch(/^HTTP\/1\.1 405 /);
  });

  it("check 27: a consumer that stops reading gets ConsumerTooSlow, then close", async () => {
    // A Unix socket's buffers are small and fixed, so a few hundred labels fill them.
    await server.close();
    const slow = await startTestServer({ unixSocket: true, outbox: { maxBufferedBytes: 16 * 1024 } });
    try {
      const client = subscribe(slow);
      await client.opened;
      await until(() => slow.stream.sequencer.subscriberCount === 1);
      client.socket().pause();
      // Write until the server gives up on the consumer and unsubscribes it.
      while (slow.stream.sequencer.subscriberCount === 1) {
        const batch = await emit(`flood-${randomBytes(4).toString("hex")}`, 200);
        await until(() => slow.stream.sequencer.lastSeen >= batch.at(-1)!.seq);
      }
      client.socket().resume();
      const { code, reason } = await client.closed;
      expect(client.frames.at(-1)!.body).toMatchObject({ error: "ConsumerTooSlow" });
      expect({ code, reason }).toEqual({ code: 1008, reason: "ConsumerTooSlow" });
      const seqs = client.seqs();
      for (let i = 1; i < seqs.length; i++) expect(seqs[i]).toBeGreaterThan(seqs[i - 1]!); // what it got, it got in order
    } finally {
      await slow.close();
      server = await startTestServer({ outbox: { pageSize: 7 } });
    }
  });

  it("check 28: client frames are ignored, and random bytes end only that connection", async () => {
    const client = subscribe(server);
    await client.opened;
    client.ws.send("hello");
    client.ws.send(randomBytes(100));
    const [first] = await emit("ignored-frames");
    await client.waitFor(hasSeq(first!.seq));

    const garbage = await rawUpgrade(server, "GET", randomBytes(4096));
    expect(garbage).toMatch(/^HTTP\/1\.1 101 /);
    const [second] = await emit("after-garbage");
    await client.waitFor(hasSeq(second!.seq)); // the server still streams
    await untilClosed(client);
  });

  it("check 29: a superseded label vanishes from the replay while its negation remains", async () => {
    const [applied] = await emit("superseded");
    const [negation] = await emit("superseded", 1, { neg: true });
    const client = subscribe(server, `?cursor=${applied!.seq - 1}`);
    await client.waitFor(hasSeq(negation!.seq));
    expect(client.seqs()).not.toContain(applied!.seq);
    const frame = await client.waitFor(hasSeq(negation!.seq));
    expect((frame.body as LabelsBody).labels[0]).toMatchObject({ uri: post("superseded-0"), val: "spam", neg: true });
    await untilClosed(client);
  });

  it("before the stream is ready an upgrade gets 503, not a stream that could miss labels", async () => {
    await server.close();
    const routes = createUpgradeRoutes();
    const bare = createServer();
    bare.on("upgrade", (request, socket, head) => routes.get(SUBSCRIBE_LABELS_PATH)!(request, socket, head));
    await new Promise<void>((resolve) => bare.listen(0, "127.0.0.1", resolve));
    try {
      const port = (bare.address() as net.AddressInfo).port;
      expect(await rawUpgrade({ http: `http://127.0.0.1:${port}` } as TestServer, "GET")).toMatch(/^HTTP\/1\.1 503 /);
    } finally {
      await new Promise((resolve) => bare.close(resolve));
      server = await startTestServer({ outbox: { pageSize: 7 } });
    }
  });

  it("shutdown closes every subscriber with 1001", async () => {
    const client = subscribe(server);
    await client.opened;
    await server.close();
    expect((await client.closed).code).toBe(1001);
    server = await startTestServer({ outbox: { pageSize: 7 } });
  });
});

/** Sends an upgrade request by hand (optionally followed by raw bytes) and returns the first response line. */
function rawUpgrade(target: TestServer, method: string, after?: Buffer): Promise<string> {
  const { port } = new URL(target.http);
  return new Promise((resolve, reject) => {
    const socket = net.connect(Number(port), "127.0.0.1", () => {
      socket.write(
        `${method} /xrpc/com.atproto.label.subscribeLabels HTTP/1.1\r\nHost: localhost\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
          `Sec-WebSocket-Key: ${randomBytes(16).toString("base64")}\r\nSec-WebSocket-Version: 13\r\n\r\n`,
      );
    });
    let answer = "";
    socket.on("data", (chunk) => {
      if (answer) return;
      answer = chunk.toString("latin1").split("\r\n")[0]!;
      if (after) socket.write(after);
      else socket.end();
      resolve(answer);
    });
    socket.on("error", reject);
    socket.on("close", () => resolve(answer));
  });
}
