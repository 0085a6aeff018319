import { spawn } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

export type WardenProcess = {
  url: string;
  output(): string;
  stop(): Promise<number | null>;
  /** SIGKILL to the whole process group: a crash, with no chance to clean up. */
  kill(): Promise<void>;
};

/**
 * A Warden of its own (the built app, a fresh data folder) for tests that need a
 * configuration the shared e2e server does not have. Resolves once it is healthy.
 */
export async function startWarden(port: number, env: Record<string, string>): Promise<WardenProcess> {
  const child = spawn(path.resolve("node_modules/.bin/tsx"), ["server/main.ts"], {
    env: {
      ...process.env,
      NODE_ENV: "production",
      HOST: "127.0.0.1",
      PORT: String(port),
      DATA_DIR: mkdtempSync(path.join(tmpdir(), "warden-e2e-")),
      LOG_LEVEL: "warn",
      NEXT_TELEMETRY_DISABLED: "1",
      ...env,
    },
    stdio: ["ignore", "pipe", "pipe"],
    // Its own process group, so kill() reaches tsx's node child too.
    detached: true,
  });
  let output = "";
  child.stdout.on("data", (chunk) => (output += chunk));
  child.stderr.on("data", (chunk) => (output += chunk));
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  const url = `http://127.0.0.1:${port}`;
  for (let attempt = 0; ; attempt++) {
    if ((await fetch(`${url}/api/health`).catch(() => null))?.status === 200) break;
    if (child.exitCode !== null || attempt > 600) throw new Error(`Warden did not start: ${output}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return {
    url,
    output: () => output,
    stop: async () => {
      child.kill("SIGTERM");
      return exited;
    },
    kill: async () => {
      process.kill(-child.pid!, "SIGKILL");
      await exited;
    },
  };
}
