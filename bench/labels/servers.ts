import { fork, spawn, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import WebSocket from "ws";
import { freePort } from "../../scripts/test-postgres.ts";
import { assertAnswersOn, cpuMs } from "../support/processes.ts";
import type { OzoneReady } from "./ozone-server.ts";

export type Running = { name: string; http: string; ws: string; child: ChildProcess; stop(): Promise<void> };

/**
 * The real Warden server (custom server + built Next app) with the Node flags and
 * environment of `npm start` (read from package.json, so that the RSS measured here is
 * the RSS `npm start` gets; decisions 013 and 015 say why they are set).
 */
export async function startWarden(options: { env: Record<string, string>; name?: string }): Promise<Running> {
  const port = await freePort();
  const start = npmStart();
  const child = spawn(process.execPath, [...start.flags, "--import", "tsx", "server/main.ts"], {
    env: { ...process.env, ...start.env, NODE_ENV: "production", HOST: "127.0.0.1", PORT: String(port), LOG_LEVEL: "warn", ...options.env },
    stdio: ["ignore", "inherit", "inherit"],
  });
  const running = wrap(options.name ?? "warden", port, child);
  await until(async () => (await fetch(`${running.http}/api/health`).catch(() => null))?.status === 200, "warden health", child);
  await until(() => opens(`${running.ws}/xrpc/com.atproto.label.subscribeLabels`), "warden stream", child);
  // Measured once its labels are in memory (unless LABELS_IN_MEMORY=off), not while they load.
  const memoryReady = async () => {
    const health = (await (await fetch(`${running.http}/api/health`)).json()) as { labelsInMemory: { status: string } };
    return health.labelsInMemory.status !== "loading";
  };
  await until(memoryReady, "warden labels in memory", child);
  assertAnswersOn(child.pid!, port, "warden");
  return running;
}

/** The raw ceiling (bench/labels/raw-server.ts) in its own process, with npm start's Node flags. */
export async function startRaw(options: { databaseUrl: string }): Promise<Running> {
  const port = await freePort();
  const child = spawn(process.execPath, [...npmStart().flags, "--import", "tsx", "bench/labels/raw-server.ts"], {
    env: { ...process.env, NODE_ENV: "production", RAW_PORT: String(port), RAW_DATABASE_URL: options.databaseUrl },
    stdio: ["ignore", "pipe", "inherit"],
  });
  await new Promise<void>((resolve, reject) => {
    child.stdout!.once("data", () => resolve());
    child.once("exit", (code) => reject(new Error(`the raw server exited (${code}) before it was ready`)));
  });
  assertAnswersOn(child.pid!, port, "raw");
  return wrap("raw", port, child);
}

/** @skyware/labeler in its own process (bench/labels/skyware-server.ts), ready once seeded. */
export async function startSkyware(options: { env: Record<string, string> }): Promise<Running & { emit(count: number): Promise<number[]> }> {
  const port = await freePort();
  const child = fork("bench/labels/skyware-server.ts", {
    execArgv: ["--import", "tsx"],
    env: { ...process.env, SKYWARE_PORT: String(port), ...options.env },
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  await new Promise<void>((resolve, reject) => {
    child.once("message", () => resolve());
    child.once("exit", (code) => reject(new Error(`skyware exited (${code}) before it was ready`)));
  });
  assertAnswersOn(child.pid!, port, "skyware");
  let queue = Promise.resolve<number[]>([]);
  const emit = (count: number) =>
    (queue = queue.then(
      () => new Promise<number[]>((resolve) => (child.once("message", (answer: { seqs: number[] }) => resolve(answer.seqs)), child.send({ emit: count }))),
    ));
  return { ...wrap("skyware", port, child), emit };
}

/**
 * Ozone from @atproto/dev-env (bench/labels/ozone-server.ts) in its own process, on the
 * bench's database (its own schema), ready once its network is up. `headers()` gives fresh
 * moderator credentials for emitEvent.
 */
export async function startOzone(options: { databaseUrl: string; schema: string }): Promise<Running & { ready: OzoneReady; headers(): Promise<Record<string, string>> }> {
  // Plain Node (type stripping), not tsx: tsx's resolver breaks some of dev-env's CommonJS requires.
  const child = fork("bench/labels/ozone-server.ts", {
    execArgv: [],
    env: { ...process.env, OZONE_DATABASE_URL: options.databaseUrl, OZONE_SCHEMA: options.schema },
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  const ready = await new Promise<OzoneReady>((resolve, reject) => {
    child.once("message", (message: { ready: OzoneReady }) => resolve(message.ready));
    child.once("exit", (code) => reject(new Error(`ozone exited (${code}) before it was ready`)));
  });
  assertAnswersOn(child.pid!, ready.port, "ozone");
  let queue = Promise.resolve<Record<string, string>>({});
  const headers = () =>
    (queue = queue.then(
      () => new Promise((resolve) => (child.once("message", (answer: { headers: Record<string, string> }) => resolve(answer.headers)), child.send({ headers: true }))),
    ));
  return { ...wrap("ozone", ready.port, child), ready, headers };
}

/** `npm start`'s script as `VAR=value node FLAGS… --import tsx scripts/start.ts`: its environment and Node flags. */
export function npmStart(): { env: Record<string, string>; flags: string[] } {
  const script = (JSON.parse(readFileSync("package.json", "utf8")) as { scripts: { start: string } }).scripts.start;
  const words = script.split(/\s+/);
  const node = words.indexOf("node");
  const end = words.indexOf("--import");
  if (node < 0 || end < node) throw new Error(`cannot read the start script: ${script}`);
  const env = Object.fromEntries(words.slice(0, node).map((word) => word.split("=") as [string, string]));
  return { env, flags: words.slice(node + 1, end) };
}

/** Resident memory now and at its peak (VmHWM), in MB. */
export function memory(child: ChildProcess): { rssMb: number; peakMb: number } {
  const status = readFileSync(`/proc/${child.pid}/status`, "utf8");
  const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+)`, "m").exec(status)?.[1] ?? 0);
  return { rssMb: kb("VmRSS") / 1024, peakMb: kb("VmHWM") / 1024 };
}

/**
 * Waits until a server has finished the work a load left queued (less than 5% of a core
 * over a second; at most three minutes), so that it does not steal the next measurement's
 * CPU. Returns the seconds waited.
 */
export async function settle(service: Running): Promise<number> {
  const started = performance.now();
  for (let before = cpuMs(service.child.pid!); performance.now() - started < 180_000; ) {
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const now = cpuMs(service.child.pid!);
    if (now - before < 50) break;
    before = now;
  }
  return (performance.now() - started) / 1000;
}

function wrap(name: string, port: number, child: ChildProcess): Running {
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  return {
    name,
    http: `http://127.0.0.1:${port}`,
    ws: `ws://127.0.0.1:${port}`,
    child,
    async stop() {
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), 15_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

function opens(url: string): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = new WebSocket(url);
    socket.once("open", () => (socket.close(), resolve(true)));
    socket.once("error", () => resolve(false));
    socket.once("unexpected-response", () => (socket.terminate(), resolve(false)));
  });
}

/** Polls a condition for at most two minutes; gives up at once if the process it waits for exited. */
export async function until(condition: () => boolean | Promise<boolean>, what: string, child?: ChildProcess): Promise<void> {
  const deadline = Date.now() + 120_000;
  while (!(await condition())) {
    if (child && child.exitCode !== null) throw new Error(`the process exited (${child.exitCode}) while waiting for ${what}`);
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
