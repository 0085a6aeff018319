import { spawn } from "node:child_process";
import { once } from "node:events";
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { DatabaseError } from "./errors.ts";

// PGlite has no locking of its own and two instances on one folder corrupt it. Within a
// process, instances are shared through globalThis (the custom server and Next's bundle
// are separate module graphs); across processes, a pid file beside the folder refuses a
// second opener.
type EmbeddedGlobals = { instances: Map<string, PGlite>; locks: Set<string>; creating: Set<string> };
const globals = globalThis as typeof globalThis & { __wardenEmbedded?: EmbeddedGlobals };
const embedded = (globals.__wardenEmbedded ??= createGlobals());

// PostgreSQL's default 128 MB of shared buffers live in PGlite's WASM memory, and PGlite
// touches all of it at start: ~120 MB of the embedded server's idle RSS. With 8 MB, pages
// not kept here are read through the OS's file cache, which no process is charged for;
// queryLabels on 100,000 labels answered as fast (decision 015).
const OPTIONS = { startParams: [...PGlite.defaultStartParams, "-c", "shared_buffers=8MB"] };

/** The process's PGlite instance for dataDir, opened on first use. */
export function embeddedDatabase(dataDir: string): PGlite {
  let pglite = embedded.instances.get(dataDir);
  if (!pglite) {
    if (embedded.creating.has(dataDir)) throw new DatabaseError(`The embedded database ${dataDir} is being created`);
    mkdirSync(dataDir, { recursive: true });
    lock(dataDir);
    pglite = new PGlite(dataDir, OPTIONS);
    // A folder that fails to open must reject the queries, not crash the process.
    pglite.waitReady.catch(() => {});
    embedded.instances.set(dataDir, pglite);
  }
  return pglite;
}

/**
 * Creates the database in dataDir if there is none yet, in a short-lived child process:
 * creating it (initdb) fills ~130 MB of PGlite's WASM memory, which WASM never gives
 * back, and churns the allocator; a process of its own takes all of that with it when it
 * exits (decision 015). Call before anything opens the folder; the custom server does.
 */
export async function createEmbeddedDatabase(dataDir: string): Promise<void> {
  if (embedded.instances.has(dataDir) || existsSync(path.join(dataDir, "PG_VERSION"))) return;
  mkdirSync(dataDir, { recursive: true });
  lock(dataDir);
  embedded.creating.add(dataDir);
  try {
    const script = `const { PGlite } = await import("@electric-sql/pglite");
      const db = new PGlite(process.env.PGLITE_DIR, JSON.parse(process.env.PGLITE_OPTIONS));
      await db.waitReady;
      await db.close();`;
    const child = spawn(process.execPath, ["--input-type=module", "-e", script], {
      env: { ...process.env, PGLITE_DIR: dataDir, PGLITE_OPTIONS: JSON.stringify(OPTIONS) },
      stdio: ["ignore", "ignore", "pipe"],
    });
    let errors = "";
    child.stderr.on("data", (chunk: Buffer) => (errors += chunk.toString()));
    const [code] = (await once(child, "exit")) as [number | null];
    if (code !== 0) throw new DatabaseError(`Could not create the embedded database ${dataDir}: ${errors.trim().split("\n").at(-1) ?? `exit ${code}`}`);
  } finally {
    embedded.creating.delete(dataDir);
  }
}

/** Closes every PGlite instance this process opened and releases their folders. */
export async function closeEmbeddedDatabases(): Promise<void> {
  const instances = [...embedded.instances];
  embedded.instances.clear();
  for (const [dataDir, pglite] of instances) {
    try {
      // An instance that failed to open has nothing to close.
      await pglite.waitReady.then(() => (pglite.closed ? undefined : pglite.close()), () => {});
    } finally {
      unlock(dataDir);
    }
  }
}

function createGlobals(): EmbeddedGlobals {
  const state: EmbeddedGlobals = { instances: new Map(), locks: new Set(), creating: new Set() };
  process.once("exit", () => state.locks.forEach(unlock));
  return state;
}

const pidFile = (dataDir: string) => `${dataDir}.pid`;

function lock(dataDir: string, retry = true): void {
  try {
    writeFileSync(pidFile(dataDir), String(process.pid), { flag: "wx" });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    const holder = Number(readFileSync(pidFile(dataDir), "utf8"));
    if (holder !== process.pid) {
      if (!retry || isRunning(holder)) {
        throw new DatabaseError(`The embedded database ${dataDir} is in use by process ${holder}; stop that process first`);
      }
      rmSync(pidFile(dataDir), { force: true }); // left behind by a process that is gone
      return lock(dataDir, false);
    }
  }
  embedded.locks.add(dataDir);
}

function unlock(dataDir: string): void {
  embedded.locks.delete(dataDir);
  rmSync(pidFile(dataDir), { force: true });
}

function isRunning(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}
