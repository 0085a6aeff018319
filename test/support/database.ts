import { randomBytes } from "node:crypto";
import { mkdtempSync } from "node:fs";
import { rm } from "node:fs/promises";
import path from "node:path";
import { beforeAll, inject } from "vitest";
import { db } from "@/lib/db";
import { migrateDatabase } from "@/lib/db/migrations";
import { forgetDefinedLabelValues } from "@/lib/labels/definitions/label-definitions";
import { queryTestServer, type TestDatabaseKind } from "./test-run";

/** Which database this vitest project tests against. */
export const testDatabaseKind = (): TestDatabaseKind => inject("databaseKind");

/** A new folder inside this run's temp folder (removed when the run ends). */
export function scratchDir(prefix: string): string {
  return mkdtempSync(path.join(inject("testRun").tempRoot, `${prefix}-`));
}

export type TestDatabase = {
  /** Environment variables that point Warden at the database (and at a scratch DATA_DIR). */
  env: { DATA_DIR: string; DATABASE_URL?: string };
  drop(): Promise<void>;
};

/** Creates an empty database: a temp PGlite folder, or a new database on the test server. */
export async function createTestDatabase(kind: TestDatabaseKind): Promise<TestDatabase> {
  const serverUrl = process.env.TEST_DATABASE_URL;
  if (kind === "postgres" && !serverUrl) {
    throw new Error("TEST_DATABASE_URL is not set: the postgres tests need a server, and CI=true does not skip them");
  }
  const dataDir = scratchDir("data");
  const removeDataDir = () => rm(dataDir, { recursive: true, force: true });
  if (kind === "embedded" || !serverUrl) return { env: { DATA_DIR: dataDir }, drop: removeDataDir };

  const name = `${inject("testRun").databasePrefix}${randomBytes(4).toString("hex")}`;
  await queryTestServer(serverUrl, `CREATE DATABASE "${name}"`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    env: { DATA_DIR: dataDir, DATABASE_URL: url.href },
    async drop() {
      await queryTestServer(serverUrl, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await removeDataDir();
    },
  };
}

/**
 * The label values the tests emit besides the copyright workflow's (defined by a
 * migration) and the global ones. Emission refuses undefined values, so every test
 * database defines these; a test of the refusal uses a value outside this list.
 */
export const TEST_LABEL_VALUES = ["spam", "spam-two", "impersonation", "explicit", "bladerunner", "wrong", "ok", "x"] as const;

/** Defines label values directly in the table (no audit entries: tests count those). */
export async function defineLabelValues(values: readonly string[]): Promise<void> {
  await db().labelDefinition.createMany({
    data: values.map((identifier) => ({
      identifier,
      severity: "inform",
      blurs: "none",
      locales: [{ lang: "en", name: identifier, description: `Test value ${identifier}` }],
    })),
    skipDuplicates: true,
  });
  forgetDefinedLabelValues();
}

/** Applies the migrations to this test file's database before its tests run, and defines TEST_LABEL_VALUES. */
export function withMigratedDatabase(): void {
  beforeAll(async () => {
    await migrateDatabase();
    await defineLabelValues(TEST_LABEL_VALUES);
  });
}
