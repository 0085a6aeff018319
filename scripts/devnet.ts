// The atproto reference services (@atproto/dev-env: a PDS, a PLC directory, and with
// TestNetwork the AppView and Ozone) for the tests and benchmarks that need a real
// Bluesky network on loopback. They live in their own package folder, devnet/ (about
// 480 MB and a native addon), installed here on first use and never by the project's
// own `npm install`, which stays fast.
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";

export const DEVNET_DIR = path.resolve(import.meta.dirname, "..", "devnet");
const MODULES = path.join(DEVNET_DIR, "node_modules");
/** What the installed tree was made from: the lock file, the Node ABI and the platform. */
const STAMP = path.join(MODULES, ".warden-devnet-stamp");
const LOCK_DIR = path.join(DEVNET_DIR, ".installing");
/** An install (npm ci ~1-2 min, the better-sqlite3 build ~80 s on 2 cores) left behind by a killed process. */
const STALE_LOCK_MS = 20 * 60_000;

function wantedStamp(): string {
  const lock = readFileSync(path.join(DEVNET_DIR, "package-lock.json"));
  const hash = createHash("sha256").update(lock).digest("hex");
  return `${hash} node-abi-${process.versions.modules} ${process.platform}-${process.arch}\n`;
}

function isCurrent(): boolean {
  return existsSync(STAMP) && readFileSync(STAMP, "utf8") === wantedStamp();
}

/**
 * Makes devnet/node_modules match devnet/package-lock.json for this Node: a quick no-op
 * when it does, otherwise `npm ci` and a from-source build of better-sqlite3 (the
 * PDS's database), whose prebuilt download is unreachable here and which npm 11 leaves
 * unbuilt anyway. Safe to call from several processes at once: one installs, the
 * others wait for it.
 */
export async function ensureDevnet(): Promise<void> {
  if (isCurrent()) return;
  while (!takeLock()) {
    await new Promise((resolve) => setTimeout(resolve, 2000));
    if (isCurrent()) return;
  }
  try {
    if (!isCurrent()) install();
  } finally {
    rmSync(LOCK_DIR, { recursive: true, force: true });
  }
}

function takeLock(): boolean {
  try {
    mkdirSync(LOCK_DIR);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    if (Date.now() - statSync(LOCK_DIR).mtimeMs > STALE_LOCK_MS) rmSync(LOCK_DIR, { recursive: true, force: true });
    return false;
  }
}

function install(): void {
  const started = performance.now();
  log("installing devnet/ (@atproto/dev-env) from its lock file, once: a few minutes");
  rmSync(STAMP, { force: true });
  // Scripts off: better-sqlite3 is built below, the only one the PDS needs (sharp is not).
  run("npm", ["ci", "--ignore-scripts", "--no-audit", "--no-fund", "--loglevel=error"], {});
  // node-gyp must compile against the headers of the Node that will load the addon
  // (the user npm config may point nodedir at an older system Node).
  const nodedir = path.resolve(process.execPath, "..", "..");
  if (!existsSync(path.join(nodedir, "include", "node", "node.h"))) {
    throw new Error(`devnet: no Node headers in ${nodedir}/include/node: install Node 24 with its headers (scripts/ensure-node.sh does)`);
  }
  log("building better-sqlite3 against this Node's headers");
  run("npm", ["rebuild", "better-sqlite3", "--loglevel=error"], { npm_config_nodedir: nodedir, npm_config_build_from_source: "true" });
  run(process.execPath, ["-e", "new (require('better-sqlite3'))(':memory:').close()"], {});
  writeFileSync(STAMP, wantedStamp());
  log(`devnet/ ready in ${((performance.now() - started) / 1000).toFixed(0)} s`);
}

function run(command: string, args: string[], env: Record<string, string>): void {
  // npm runs under this Node: PATH starts with its folder.
  const PATH = `${path.dirname(process.execPath)}${path.delimiter}${process.env.PATH ?? ""}`;
  const result = spawnSync(command, args, { cwd: DEVNET_DIR, stdio: ["ignore", "inherit", "inherit"], env: { ...process.env, PATH, ...env } });
  if (result.status !== 0) {
    throw new Error(`devnet: \`${command} ${args.join(" ")}\` in devnet/ failed (${result.error?.message ?? `exit ${result.status ?? result.signal}`})`);
  }
}

function log(message: string): void {
  console.error(`devnet: ${message}`);
}

/**
 * @atproto/dev-env from devnet/node_modules (call ensureDevnet first). Its types are
 * declared in types/atproto-dev-env.d.ts, so the project type-checks before it is installed.
 */
export async function importDevEnv(): Promise<typeof import("@atproto/dev-env")> {
  if (!isCurrent()) throw new Error("devnet: not installed for this Node: call ensureDevnet() first");
  const require = createRequire(path.join(DEVNET_DIR, "package.json"));
  return require("@atproto/dev-env") as typeof import("@atproto/dev-env");
}

// `node scripts/devnet.ts`: install ahead of time (CI caches, a first benchmark run).
if (process.argv[1] && path.resolve(process.argv[1]) === import.meta.filename) {
  await ensureDevnet();
}
