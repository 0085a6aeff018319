// Limits on subscribeLabels: streams and replays per client address and in total. The
// counting alone, then through the custom server's upgrade route with real websockets,
// clients told apart by X-Forwarded-For behind a trusted proxy.
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { AppError } from "@/lib/errors";
import { createLabels } from "@/lib/labels/create-labels";
import { StreamLimits, type StreamTicket } from "@/lib/labels/stream/stream-limits";
import { withMigratedDatabase } from "../support/database";
import { setEnv } from "../support/env";
import { hasSeq, startTestServer, subscribe, until, type StreamClient, type TestServer } from "../support/label-stream";

withMigratedDatabase();

const limits = (overrides: Partial<ConstructorParameters<typeof StreamLimits>[0]> = {}) =>
  new StreamLimits({ connections: 10, connectionsPerClient: 2, replays: 10, replaysPerClient: 1, ...overrides });

const admitted = (answer: StreamTicket | AppError): StreamTicket => {
  if (answer instanceof AppError) throw answer;
  return answer;
};
const refusal = (answer: StreamTicket | AppError) => (answer instanceof AppError ? { code: answer.code, retryAfter: answer.details?.retryAfterSeconds } : "admitted");

describe("StreamLimits", () => {
  it("refuses a client's stream past its limit with 429, while other clients are still admitted", () => {
    const streams = limits();
    admitted(streams.admit("a", false));
    admitted(streams.admit("a", false));
    expect(refusal(streams.admit("a", false))).toEqual({ code: "rate_limited", retryAfter: expect.any(Number) });
    admitted(streams.admit("b", false));
  });

  it("refuses any stream past the total with 503", () => {
    const streams = limits({ connections: 3 });
    admitted(streams.admit("a", false));
    admitted(streams.admit("a", false));
    admitted(streams.admit("b", false));
    expect(refusal(streams.admit("c", false))).toEqual({ code: "unavailable", retryAfter: expect.any(Number) });
  });

  it("counts replays apart: a client's second replay is refused, a live stream is not", () => {
    const streams = limits({ connectionsPerClient: 5 });
    admitted(streams.admit("a", true));
    expect(refusal(streams.admit("a", true))).toMatchObject({ code: "rate_limited" });
    admitted(streams.admit("a", false));
    admitted(streams.admit("b", true));
  });

  it("refuses a replay past the total replays with 503", () => {
    const streams = limits({ replays: 2 });
    admitted(streams.admit("a", true));
    admitted(streams.admit("b", true));
    expect(refusal(streams.admit("c", true))).toMatchObject({ code: "unavailable" });
    admitted(streams.admit("c", false));
  });

  it("gives a replay's place back once it is live, and both places when the stream closes, once", () => {
    const streams = limits();
    const first = admitted(streams.admit("a", true));
    first.endReplay();
    expect(streams.counts("a")).toEqual({ connections: 1, replays: 0 });
    const second = admitted(streams.admit("a", true));
    second.release();
    second.release();
    first.release();
    expect(streams.counts("a")).toEqual({ connections: 0, replays: 0 });
    expect(streams.counts()).toEqual({ connections: 0, replays: 0 });
  });
});

describe("subscribeLabels behind the limits", () => {
  let server: TestServer;
  let head: number;
  const open: StreamClient[] = [];
  const from = (address: string) => ({ "x-forwarded-for": address });
  const connect = async (address: string, query = "") => {
    const client = subscribe(server, query, from(address));
    open.push(client);
    await client.opened;
    return client;
  };

  let restoreEnv: () => void;
  beforeAll(async () => {
    restoreEnv = setEnv({ TRUST_PROXY: "1" }); // the test's loopback client is the proxy
    head = (await createLabels([{ uri: "at://did:plc:limits/app.bsky.feed.post/1", val: "spam" }], "test"))[0]!.seq;
    server = await startTestServer({ limits: { connections: 3, connectionsPerClient: 2, replays: 10, replaysPerClient: 1 } });
  });
  afterEach(async () => {
    for (const client of open.splice(0)) client.ws.close();
    await until(() => server.stream.limits.counts().connections === 0);
  });
  afterAll(async () => {
    await server?.close();
    restoreEnv?.();
  });

  it("answers a client's third stream with 429 before upgrading, and admits it again once one closes", async () => {
    const [first] = [await connect("203.0.113.1"), await connect("203.0.113.1")];
    const refused = await refusedUpgrade(server, "", from("203.0.113.1"));
    expect(refused).toMatchObject({ status: 429, body: { error: "RateLimitExceeded", message: expect.stringContaining("at most 2") } });
    expect(Number(refused.retryAfter)).toBeGreaterThan(0);
    await connect("203.0.113.2"); // another client is not held back

    first!.ws.close();
    await until(() => server.stream.limits.counts("203.0.113.1").connections === 1);
    await connect("203.0.113.1");
  });

  it("answers any stream past the total with 503", async () => {
    await connect("203.0.113.1");
    await connect("203.0.113.2");
    await connect("203.0.113.3");
    expect(await refusedUpgrade(server, "", from("203.0.113.4"))).toMatchObject({ status: 503, body: { error: "ServiceUnavailable" } });
  });

  it("counts a cursor older than the head as a replay until it is live", async () => {
    const replaying = await connect("203.0.113.1", "?cursor=0");
    await replaying.waitFor(hasSeq(head));
    await until(() => server.stream.limits.counts("203.0.113.1").replays === 0);
    await connect("203.0.113.1", "?cursor=0"); // live now: its replay place is free again
  });

  it("refuses a replay past the client's replays, and still admits a live stream", async () => {
    await server.close();
    server = await startTestServer({ limits: { connections: 3, connectionsPerClient: 2, replays: 10, replaysPerClient: 0 } });
    expect(await refusedUpgrade(server, "?cursor=0", from("203.0.113.1"))).toMatchObject({ status: 429, body: { error: "RateLimitExceeded" } });
    await connect("203.0.113.1", `?cursor=${head}`);
  });
});

/** An upgrade the server refuses: its HTTP status, Retry-After and JSON body (throws if it upgrades). */
function refusedUpgrade(server: TestServer, query: string, headers: Record<string, string>) {
  const ws = new WebSocket(`${server.ws}/xrpc/com.atproto.label.subscribeLabels${query}`, { headers });
  return new Promise<{ status: number; retryAfter?: string; body: unknown }>((resolve, reject) => {
    ws.once("open", () => (ws.terminate(), reject(new Error("the server upgraded"))));
    ws.once("error", () => {});
    ws.once("unexpected-response", (_request, response) => {
      const chunks: Buffer[] = [];
      response.on("data", (chunk: Buffer) => chunks.push(chunk));
      response.on("end", () => {
        const retryAfter = response.headers["retry-after"];
        resolve({ status: response.statusCode ?? 0, ...(retryAfter && { retryAfter }), body: JSON.parse(Buffer.concat(chunks).toString()) });
      });
    });
  });
}
