import { fork, spawn, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import WebSocket from "ws";

export type Running = { name: string; http: string; ws: string; child: ChildProcess; stop(): Promise<void> };

/** The real Warden server (custom server + built Next app), as `npm start` runs it. */
export async function startWarden(options: { port: number; env: Record<string, string> }): Promise<Running> {
  // The heap limits `npm start` sets (package.json; decision 013 says why).
  const child = spawn(process.execPath, ["--max-semi-space-size=16", "--max-old-space-size=1024", "--import", "tsx", "server/main.ts"], {
    env: { ...process.env, NODE_ENV: "production", HOST: "127.0.0.1", PORT: String(options.port), LOG_LEVEL: "warn", ...options.env },
    stdio: ["ignore", "inherit", "inherit"],
  });
  const running = wrap("warden", options.port, child);
  await until(async () => (await fetch(`${running.http}/api/health`).catch(() => null))?.status === 200, "warden health");
  await until(() => opens(`${running.ws}/xrpc/com.atproto.label.subscribeLabels`), "warden stream");
  return running;
}

/** @skyware/labeler in its own process (bench/labels/skyware-server.ts), ready once seeded. */
export async function startSkyware(options: { port: number; env: Record<string, string> }): Promise<Running & { emit(count: number): Promise<number[]> }> {
  const child = fork("bench/labels/skyware-server.ts", {
    execArgv: ["--import", "tsx"],
    env: { ...process.env, SKYWARE_PORT: String(options.port), ...options.env },
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  await new Promise<void>((resolve, reject) => {
    child.once("message", () => resolve());
    child.once("exit", (code) => reject(new Error(`skyware exited (${code}) before it was ready`)));
  });
  let queue = Promise.resolve<number[]>([]);
  const emit = (count: number) =>
    (queue = queue.then(
      () => new Promise<number[]>((resolve) => (child.once("message", (answer: { seqs: number[] }) => resolve(answer.seqs)), child.send({ emit: count }))),
    ));
  return { ...wrap("skyware", options.port, child), emit };
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
  const cpuMs = () => {
    const fields = readFileSync(`/proc/${service.child.pid}/stat`, "utf8").split(") ")[1]!.split(" ");
    return (Number(fields[11]) + Number(fields[12])) * 10; // utime + stime, in 10 ms ticks
  };
  const started = performance.now();
  for (let before = cpuMs(); performance.now() - started < 180_000; ) {
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const now = cpuMs();
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

/** Polls a condition for at most two minutes. */
export async function until(condition: () => boolean | Promise<boolean>, what: string): Promise<void> {
  const deadline = Date.now() + 120_000;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
