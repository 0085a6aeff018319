import { createHash } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { diffDatabaseToSchema, diffMigrationsToSchema, migrateDatabase } from "@/lib/db/migrations";
import { testDatabaseKind } from "../support/database";

const migrationsDir = path.resolve("prisma/migrations");
const folders = readdirSync(migrationsDir, { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name)
  .sort();
const schema = readFileSync("prisma/schema.prisma", "utf8");

// This file starts from an empty database (it does not call withMigratedDatabase).
describe("migrateDatabase", () => {
  it("applies every migration folder, then nothing on the next call", async () => {
    expect(folders.length).toBeGreaterThan(0);
    expect(await migrateDatabase()).toEqual(folders);
    expect(await migrateDatabase()).toEqual([]);
  });

  it("records them in _prisma_migrations as prisma migrate deploy does", async () => {
    const rows = await db().$queryRaw<{ migration_name: string; checksum: string; finished: boolean }[]>`
      SELECT migration_name, checksum, finished_at IS NOT NULL AS finished
      FROM _prisma_migrations WHERE rolled_back_at IS NULL ORDER BY migration_name`;
    expect(rows).toEqual(
      folders.map((folder) => ({
        migration_name: folder,
        checksum: sha256(readFileSync(path.join(migrationsDir, folder, "migration.sql"))),
        finished: true,
      })),
    );
  });

  it("leaves the database exactly as schema.prisma describes it", async () => {
    expect(await diffDatabaseToSchema()).toBe("");
  });

  it("notices when the database drifts from the schema", async () => {
    await db().$executeRawUnsafe(`ALTER TABLE "audit_log" ADD COLUMN "drift" INTEGER`);
    try {
      expect(await diffDatabaseToSchema()).toContain(`DROP COLUMN "drift"`);
    } finally {
      await db().$executeRawUnsafe(`ALTER TABLE "audit_log" DROP COLUMN "drift"`);
    }
  });
});

// Computed on a scratch in-memory database: the same on either project, so run once.
describe.skipIf(testDatabaseKind() === "postgres")("diffMigrationsToSchema", () => {
  it("is empty: prisma/migrations produce exactly schema.prisma", async () => {
    expect(await diffMigrationsToSchema()).toBe("");
  });

  it("returns the missing SQL when the schema has a model the migrations lack", async () => {
    const extended = `${schema}\nmodel Unmigrated {\n  id Int @id\n}\n`;
    expect(await diffMigrationsToSchema({ schema: extended })).toMatch(/CREATE TABLE "Unmigrated"/);
  });
});

function sha256(content: Buffer): string {
  return createHash("sha256").update(content).digest("hex");
}
