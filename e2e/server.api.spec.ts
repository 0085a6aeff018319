import { expect, test } from "@playwright/test";
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { E2E_PORT } from "./support/settings";

// These tests start their own server processes (built app, fresh data folder) to
// check what happens at boot and at shutdown.
const PORT = E2E_PORT + 1;
const base = `http://127.0.0.1:${PORT}`;

type Running = { child: ChildProcess; output: () => string; exited: Promise<number | null> };

function startServer(env: Record<string, string>): Running {
  const child = spawn(path.resolve("node_modules/.bin/tsx"), ["server/main.ts"], {
    env: { ...process.env, NODE_ENV: "production", HOST: "127.0.0.1", PORT: String(PORT), LOG_LEVEL: "info", ADMIN_TOKEN: "", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout!.on("data", (chunk) => (output += chunk));
  child.stderr!.on("data", (chunk) => (output += chunk));
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  return { child, output: () => output, exited };
}

async function waitForHealth(): Promise<Response> {
  for (let i = 0; i < 300; i++) {
    const response = await fetch(`${base}/api/health`).catch(() => null);
    if (response?.status === 200) return response;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error("server never became healthy");
}

// Each test boots whole server processes (migrations included): slow on a busy machine.
test.describe.configure({ mode: "serial", timeout: 120_000 });

test("first start prints one admin token, which works; a restart prints none", async () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), "warden-boot-"));
  const first = startServer({ DATA_DIR: dataDir });
  try {
    await waitForHealth();
    await expect.poll(() => first.output()).toMatch(/wdn_[\w-]{43}/);
    const token = /wdn_[\w-]{43}/.exec(first.output())![0];
    expect((await fetch(`${base}/api/tokens`, { headers: { "x-moderation-key": token } })).status).toBe(200);
    for (const line of first.output().split("\n").filter((l) => l.startsWith("{"))) expect(line).not.toContain(token);
  } finally {
    first.child.kill("SIGTERM");
  }
  expect(await first.exited).toBe(0);

  const second = startServer({ DATA_DIR: dataDir });
  try {
    await waitForHealth();
    expect(second.output()).not.toMatch(/wdn_/);
  } finally {
    second.child.kill("SIGTERM");
  }
  expect(await second.exited).toBe(0);
});

test("SIGTERM stops accepting, closes the database and exits cleanly", async () => {
  const server = startServer({ DATA_DIR: mkdtempSync(path.join(tmpdir(), "warden-stop-")), ADMIN_TOKEN: "stop-test-admin-token-0123" });
  await waitForHealth();
  server.child.kill("SIGTERM");
  expect(await server.exited).toBe(0);
  expect(server.output()).toContain('"msg":"stopped"');
  await expect(fetch(`${base}/api/health`)).rejects.toThrow();
});

test("a bad variable stops the process with one line naming it", async () => {
  const server = startServer({ PORT: "not-a-port" });
  expect(await server.exited).toBe(1);
  expect(server.output().trim()).toMatch(/^warden: Invalid environment variable PORT: /);
  expect(server.output().trim().split("\n")).toHaveLength(1);
});

test("an unreachable Postgres gives 503 and a clear log line, not a crash", async () => {
  const server = startServer({ DATABASE_URL: "postgres://nobody@127.0.0.1:1/none" });
  try {
    let response: Response | null = null;
    await expect
      .poll(async () => (response = await fetch(`${base}/api/health`).catch(() => null))?.status, { timeout: 60_000 })
      .toBe(503);
    expect(await response!.json()).toMatchObject({ status: "unavailable", database: { kind: "postgres" } });
    await expect.poll(() => server.output()).toContain('"msg":"database unavailable"');
  } finally {
    server.child.kill("SIGTERM");
  }
  expect(await server.exited).toBe(0);
});
