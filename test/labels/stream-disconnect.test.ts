// Consumers that leave mid-replay, over real websockets: a public stream sees this all the
// time, so each is one debug line, never an error with a stack, and leaves nothing behind.
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createLabels } from "@/lib/labels/create-labels";
import { logger } from "@/lib/log";
import { withMigratedDatabase } from "../support/database";
import { startTestServer, subscribe, until, type StreamClient, type TestServer } from "../support/label-stream";

withMigratedDatabase();

let server: TestServer;
beforeAll(async () => {
  await createLabels(Array.from({ length: 60 }, (_, i) => ({ uri: `at://did:plc:leaving/app.bsky.feed.post/${i}`, val: "spam" })), "test");
  server = await startTestServer({ outbox: { pageSize: 2 } }); // 30 pages: leaving mid-replay is likely
});
afterAll(() => server?.close());

describe("consumers leaving mid-replay", () => {
  it("are one debug line each, never an error or a warning", async () => {
    const logged = { debug: vi.spyOn(logger, "debug"), warn: vi.spyOn(logger, "warn"), error: vi.spyOn(logger, "error") };
    const leave: ((client: StreamClient) => void)[] = [
      (client) => client.ws.close(), // a close handshake
      (client) => client.ws.terminate(), // the TCP connection ends without one
      (client) => client.socket().resetAndDestroy(), // a reset (ECONNRESET / EPIPE on our side)
    ];
    const clients = leave.flatMap((how) =>
      Array.from({ length: 3 }, () => {
        const client = subscribe(server, "?cursor=0");
        client.ws.once("message", () => how(client));
        return client;
      }),
    );
    await Promise.all(clients.map((client) => client.closed));
    await until(() => server.stream.limits.counts().connections === 0 && server.stream.sequencer.subscriberCount === 0);
    const left = () => logged.debug.mock.calls.filter(([, message]) => message === "label stream: subscriber left");
    await until(() => left().length + logged.error.mock.calls.length >= clients.length); // every stream has ended, one way or another

    expect(left()).toHaveLength(clients.length);
    expect(logged.error).not.toHaveBeenCalled();
    expect(logged.warn).not.toHaveBeenCalled();
    vi.restoreAllMocks();
  });
});
