import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { expect, it } from "vitest";
import { DatabaseError, db } from "@/lib/db";
import { migrateDatabase } from "@/lib/db/migrations";
import { enterScratchProject } from "../support/project";

it("reports a failing migration, rolls it back whole and refuses to go on", async () => {
  const root = enterScratchProject(readFileSync("prisma/schema.prisma", "utf8"), { withMigrations: true });
  const broken = "29990101000000_broken";
  mkdirSync(path.join(root, "prisma/migrations", broken));
  writeFileSync(
    path.join(root, "prisma/migrations", broken, "migration.sql"),
    `CREATE TABLE "half_done" ("id" INTEGER);\n-- a comment; with a semicolon\nSELECT * FROM "does_not_exist";\n`,
  );

  const failure = await migrateDatabase().catch((error: unknown) => error);
  expect(failure).toBeInstanceOf(DatabaseError);
  expect((failure as Error).message).toMatch(new RegExp(`^Could not migrate .*\\(migration ${broken}\\): .*does_not_exist`));

  const [halfDone] = await db().$queryRaw<{ table: string | null }[]>`SELECT to_regclass('half_done')::text AS table`;
  expect(halfDone?.table).toBeNull();
  const [record] = await db().$queryRaw<{ finished: boolean }[]>`
    SELECT finished_at IS NOT NULL AS finished FROM _prisma_migrations WHERE migration_name = ${broken}`;
  expect(record?.finished).toBe(false);

  await expect(migrateDatabase()).rejects.toThrow(/failed migrations/);
});
