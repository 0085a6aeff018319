import { expect, test } from "@playwright/test";
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { decodeFirst } from "cborg";
import WebSocket from "ws";
import { queryTestServer } from "../test/support/test-run";
import { defineLabelValues } from "./support/label-definitions";

// Two server processes on one Postgres (the labeler scaled out behind a load balancer):
// a label emitted through either reaches the subscribers of both.
const serverUrl = process.env.TEST_DATABASE_URL;
const PORTS = [3219, 3220];
const ADMIN_TOKEN = "e2e-processes-admin-token-0123456789";

test.skip(!serverUrl && process.env.CI !== "true", "needs a PostgreSQL server (TEST_DATABASE_URL; npm test starts one)");

function startServer(port: number, databaseUrl: string): { child: ChildProcess; exited: Promise<number | null> } {
  const child = spawn(path.resolve("node_modules/.bin/tsx"), ["server/main.ts"], {
    env: {
      ...process.env,
      NODE_ENV: "production",
      HOST: "127.0.0.1",
      PORT: String(port),
      DATABASE_URL: databaseUrl,
      DATA_DIR: mkdtempSync(path.join(tmpdir(), "warden-processes-")),
      ADMIN_TOKEN,
      LOG_LEVEL: "warn",
    },
    stdio: "ignore",
  });
  return { child, exited: new Promise((resolve) => child.once("exit", resolve)) };
}

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
  const servers = PORTS.map((port) => startServer(port, url.href));
  try {
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
    for (const server of servers) server.child.kill("SIGTERM");
    await Promise.all(servers.map((server) => server.exited));
    await queryTestServer(serverUrl!, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  }
});
