// A throwaway PostgreSQL server for `npm test` when TEST_DATABASE_URL is not given:
// a fresh cluster in a temp folder on a free loopback port, removed afterwards.
import { execFileSync } from "node:child_process";
import { chmodSync, existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";

export type TestPostgres = { url: string; stop: () => void };

function findBin(name: string): string | null {
  for (const dir of (process.env.PATH ?? "").split(path.delimiter)) {
    if (dir && existsSync(path.join(dir, name))) return path.join(dir, name);
  }
  const root = "/usr/lib/postgresql";
  if (!existsSync(root)) return null;
  const versions = readdirSync(root).sort((a, b) => Number(b) - Number(a));
  for (const version of versions) {
    const candidate = path.join(root, version, "bin", name);
    if (existsSync(candidate)) return candidate;
  }
  return null;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/**
 * Starts a server, or returns null when PostgreSQL is not installed. Tests run it with
 * fsync off; benches ask for `durable` (fsync on, as in production), so that what they
 * measure includes the cost of a commit.
 */
export async function startTestPostgres({ durable = false }: { durable?: boolean } = {}): Promise<TestPostgres | null> {
  const initdb = findBin("initdb");
  const pgCtl = findBin("pg_ctl");
  if (!initdb || !pgCtl) return null;

  const dir = mkdtempSync(path.join(tmpdir(), "warden-pg-"));
  chmodSync(dir, 0o777);
  const dataDir = path.join(dir, "data");
  // PostgreSQL refuses to run as root: run it as the `postgres` user there.
  const asPostgres = (bin: string, args: string[]) =>
    process.getuid?.() === 0 ? execFileSync("runuser", ["-u", "postgres", "--", bin, ...args], { stdio: "pipe" })
      : execFileSync(bin, args, { stdio: "pipe" });

  const port = await freePort();
  asPostgres(initdb, ["-D", dataDir, "-A", "trust", "-U", "postgres", "--no-sync"]);
  const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=${durable ? "on" : "off"} -c max_connections=200`;
  asPostgres(pgCtl, ["-D", dataDir, "-o", options, "-l", path.join(dir, "server.log"), "-w", "start"]);

  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    stop: () => {
      try {
        asPostgres(pgCtl, ["-D", dataDir, "-m", "immediate", "stop"]);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}
