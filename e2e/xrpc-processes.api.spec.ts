import { expect, test } from "@playwright/test";
import { randomBytes } from "node:crypto";
import { decodeFirst } from "cborg";
import WebSocket from "ws";
import { freePort } from "../scripts/test-postgres";
import { queryTestServer } from "../test/support/test-run";
import { defineLabelValues } from "./support/label-definitions";
import { startWarden, type WardenProcess } from "./support/warden-process";

// Two server processes on one Postgres (the labeler scaled out behind a load balancer):
// a label emitted through either reaches the subscribers of both.
const serverUrl = process.env.TEST_DATABASE_URL;
const ADMIN_TOKEN = "e2e-processes-admin-token-0123456789";

test.skip(!serverUrl && process.env.CI !== "true", "needs a PostgreSQL server (TEST_DATABASE_URL; npm test starts one)");

async function waitForStream(port: number): Promise<void> {
  // Healthy once migrated; the stream starts right after.
  for (let i = 0; i < 600; i++) {
    const opened = await new Promise<boolean>((resolve) => {
      const socket = new WebSocket(`ws://127.0.0.1:${port}/xrpc/com.atproto.label.subscribeLabels`);
      socket.once("open", () => (socket.close(), resolve(true)));
      socket.once("error", () => resolve(false));
    });
    if (opened) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`server on ${port} never streamed`);
}

function collectSeqs(port: number): { seqs: number[]; opened: Promise<void>; socket: WebSocket } {
  const socket = new WebSocket(`ws://127.0.0.1:${port}/xrpc/com.atproto.label.subscribeLabels`);
  const seqs: number[] = [];
  socket.on("message", (data: Buffer) => {
    const [body] = decodeFirst(decodeFirst(data)[1]) as [Record<string, unknown>, Uint8Array];
    seqs.push(body.seq as number);
  });
  return { seqs, opened: new Promise((resolve) => socket.once("open", () => resolve())), socket };
}

test("two server processes on one Postgres both stream every label, whichever one emitted it", async () => {
  test.setTimeout(180_000);
  const name = `warden_e2e_${randomBytes(4).toString("hex")}`;
  await queryTestServer(serverUrl!, `CREATE DATABASE "${name}"`);
  const url = new URL(serverUrl!);
  url.pathname = `/${name}`;
  const ports = [await freePort(), await freePort()];
  // Both at once, as a scaled-out deployment boots: they share the new database's migration.
  const started = await Promise.allSettled(ports.map((port) => startWarden(port, { DATABASE_URL: url.href, ADMIN_TOKEN })));
  const servers = started.flatMap((result): WardenProcess[] => (result.status === "fulfilled" ? [result.value] : []));
  try {
    for (const result of started) if (result.status === "rejected") throw result.reason;
    const PORTS = ports;
    await Promise.all(PORTS.map(waitForStream));
    const subscribers = PORTS.map(collectSeqs);
    await Promise.all(subscribers.map((subscriber) => subscriber.opened));

    await defineLabelValues(["spam"], `http://127.0.0.1:${PORTS[0]}`, ADMIN_TOKEN);
    const emitted: number[] = [];
    for (let i = 0; i < 10; i++) {
      const port = PORTS[i % 2]!;
      const response = await fetch(`http://127.0.0.1:${port}/emit-label`, {
        method: "POST",
        headers: { "content-type": "application/json", "x-moderation-key": ADMIN_TOKEN },
        body: JSON.stringify({ uri: `at://did:plc:processesaaaaaaaaaaaaaaa/app.bsky.feed.post/${i}`, val: "spam" }),
      });
      expect(response.status).toBe(200);
      emitted.push(((await response.json()) as { seq: number }).seq);
    }
    for (const subscriber of subscribers) {
      await expect.poll(() => subscriber.seqs.length, { timeout: 30_000 }).toBe(emitted.length);
      expect(subscriber.seqs).toEqual(emitted);
      subscriber.socket.close();
    }
  } finally {
    await Promise.all(servers.map((server) => server.stop()));
    await queryTestServer(serverUrl!, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  }
});
