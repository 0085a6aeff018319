import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { PGlite } from "@electric-sql/pglite";
import { DatabaseError } from "./errors.ts";

// PGlite has no locking of its own and two instances on one folder corrupt it. Within a
// process, instances are shared through globalThis (the custom server and Next's bundle
// are separate module graphs); across processes, a pid file beside the folder refuses a
// second opener.
type EmbeddedGlobals = { instances: Map<string, PGlite>; locks: Set<string> };
const globals = globalThis as typeof globalThis & { __wardenEmbedded?: EmbeddedGlobals };
const embedded = (globals.__wardenEmbedded ??= createGlobals());

/** The process's PGlite instance for dataDir, opened on first use. */
export function embeddedDatabase(dataDir: string): PGlite {
  let pglite = embedded.instances.get(dataDir);
  if (!pglite) {
    mkdirSync(dataDir, { recursive: true });
    lock(dataDir);
    pglite = new PGlite(dataDir);
    // A folder that fails to open must reject the queries, not crash the process.
    pglite.waitReady.catch(() => {});
    embedded.instances.set(dataDir, pglite);
  }
  return pglite;
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
  const state: EmbeddedGlobals = { instances: new Map(), locks: new Set() };
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
