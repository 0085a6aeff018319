import { spawn } from "node:child_process";
import path from "node:path";
import { createInterface } from "node:readline";
import type { Readable } from "node:stream";
import { ensureDevnet } from "@/scripts/devnet";

export type Devnet = {
  pdsUrl: string;
  plcUrl: string;
  /** The PLC-operation email token the PDS holds for this account (null: none requested). */
  emailToken(did: string): Promise<string | null>;
  /** Sets a token's request time (to age it past its 15 minutes); returns the previous one. */
  setTokenRequestedAt(token: string, requestedAt: string): Promise<string>;
  close(): Promise<void>;
};

/**
 * Starts a PDS and a PLC directory in a child process (test/support/devnet-child.ts),
 * installing devnet/ first if needed (minutes, once per machine).
 */
export async function startDevnet(): Promise<Devnet> {
  await ensureDevnet();
  // Plain Node (type stripping), not tsx: tsx's resolver breaks dev-env's CommonJS requires.
  const child = spawn(process.execPath, [path.join(import.meta.dirname, "devnet-child.ts")], {
    cwd: path.resolve(import.meta.dirname, "../.."),
    // stdin: requests; stdout: the services' logs, dropped; stderr: kept for errors; fd 3: answers.
    stdio: ["pipe", "ignore", "pipe", "pipe"],
    env: { ...process.env, LOG_ENABLED: "false" },
  });
  let stderr = "";
  child.stderr!.on("data", (chunk: Buffer) => (stderr = (stderr + chunk).slice(-4000)));
  let closing = false;
  const exited = new Promise<void>((resolve) =>
    child.once("exit", (code, signal) => {
      // A network that dies mid-file fails its tests with "fetch failed": say why here.
      if (!closing) console.error(`devnet child exited early (code ${code}, signal ${signal}):\n${stderr}`);
      resolve();
    }),
  );
  const lines = createInterface({ input: child.stdio[3] as Readable })[Symbol.asyncIterator]();
  const first = await lines.next();
  if (first.done) throw new Error(`devnet child exited before it was ready:\n${stderr}`);
  const { pds, plc } = JSON.parse(first.value) as { pds: string; plc: string };

  let nextId = 0;
  let queue = Promise.resolve<unknown>(undefined);
  const ask = <T>(request: Record<string, unknown>): Promise<T> => {
    // One request at a time: answers come back in order.
    const asked = queue.then(async () => {
      child.stdin!.write(`${JSON.stringify({ id: ++nextId, ...request })}\n`);
      const line = await lines.next();
      if (line.done) throw new Error(`devnet child exited:\n${stderr}`);
      const reply = JSON.parse(line.value) as { result?: T; error?: string };
      if (reply.error) throw new Error(reply.error);
      return reply.result as T;
    });
    queue = asked.catch(() => undefined);
    return asked;
  };

  return {
    pdsUrl: pds,
    plcUrl: plc,
    emailToken: (did) => ask({ op: "token", did }),
    setTokenRequestedAt: (token, requestedAt) => ask({ op: "set-requested-at", token, requestedAt }),
    async close() {
      closing = true;
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.stdin!.end();
      const timer = setTimeout(() => child.kill("SIGKILL"), 10_000);
      await exited;
      clearTimeout(timer);
    },
  };
}
