import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { queryTestServer } from "../../test/support/test-run";

/**
 * Points this process's environment at a throwaway database before lib/db is imported:
 * a PGlite folder, or a scratch database on BENCH_POSTGRES_URL's server. `drop()` removes it.
 */
export async function openBenchDatabase(env: Record<string, string>): Promise<{ kind: string; drop: () => Promise<void> }> {
  const serverUrl = process.env.BENCH_POSTGRES_URL;
  const dataDir = mkdtempSync(path.join(tmpdir(), "warden-bench-"));
  const scratch = serverUrl ? `warden_bench_${randomBytes(4).toString("hex")}` : null;
  Object.assign(process.env, { DATA_DIR: dataDir, LOG_LEVEL: "silent", ...env });
  delete process.env.DATABASE_URL;
  if (serverUrl && scratch) {
    await queryTestServer(serverUrl, `CREATE DATABASE "${scratch}"`);
    const url = new URL(serverUrl);
    url.pathname = `/${scratch}`;
    process.env.DATABASE_URL = url.href;
  }
  return {
    kind: scratch ? "PostgreSQL server" : "embedded PGlite",
    drop: async () => {
      rmSync(dataDir, { recursive: true, force: true });
      if (serverUrl && scratch) await queryTestServer(serverUrl, `DROP DATABASE IF EXISTS "${scratch}" WITH (FORCE)`);
    },
  };
}
