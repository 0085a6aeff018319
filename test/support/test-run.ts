// Vitest global setup, once per project: a temp folder for the run and a name prefix for
// its Postgres databases. The teardown removes both, so nothing is left behind even when
// a test file fails before its own cleanup runs (an import error skips its afterAll).
import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import type { TestProject } from "vitest/node";

export type TestDatabaseKind = "embedded" | "postgres";
export type TestRun = { tempRoot: string; databasePrefix: string };

declare module "vitest" {
  export interface ProvidedContext {
    databaseKind: TestDatabaseKind;
    testRun: TestRun;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const id = randomBytes(4).toString("hex");
  const run: TestRun = {
    tempRoot: await mkdtemp(path.join(tmpdir(), `warden-test-${id}-`)),
    databasePrefix: `warden_test_${id}_`,
  };
  project.provide("testRun", run);
  return async () => {
    await rm(run.tempRoot, { recursive: true, force: true });
    const serverUrl = process.env.TEST_DATABASE_URL;
    if (project.name !== "postgres" || !serverUrl) return;
    const databases = await queryTestServer(serverUrl, "SELECT datname FROM pg_database WHERE starts_with(datname, $1)", [
      run.databasePrefix,
    ]);
    for (const { datname } of databases) await queryTestServer(serverUrl, `DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
  };
}

/** One statement on the TEST_DATABASE_URL server, outside any test database. */
export async function queryTestServer(serverUrl: string, sql: string, values: unknown[] = []): Promise<Record<string, string>[]> {
  const client = new pg.Client({ connectionString: serverUrl, connectionTimeoutMillis: 5_000 });
  await client.connect();
  try {
    return (await client.query(sql, values)).rows;
  } finally {
    await client.end();
  }
}
