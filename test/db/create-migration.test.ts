import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { createMigration, diffMigrationsToSchema } from "@/lib/db/migrations";
import { testDatabaseKind } from "../support/database";
import { enterScratchProject } from "../support/project";

const schema = readFileSync("prisma/schema.prisma", "utf8");
const withExtraModel = `${schema}\nmodel Extra {\n  id Int @id\n}\n`;
const migrationFolders = () => readdirSync("prisma/migrations").filter((name) => /^\d/.test(name));

// Needs no database of the project's kind: run once.
describe.skipIf(testDatabaseKind() === "postgres")("createMigration", () => {
  it("refuses when the migrations already match the schema", async () => {
    await expect(createMigration("nothing")).rejects.toThrow(
      "No migration created: prisma/migrations already matches prisma/schema.prisma",
    );
  });

  it("refuses a name that is not letters, digits and underscores", async () => {
    await expect(createMigration("add-users")).rejects.toThrow(/^Invalid migration name "add-users"/);
  });

  it("writes <UTC timestamp>_<lowercased name>/migration.sql with the missing SQL", async () => {
    enterScratchProject(withExtraModel, { withMigrations: true });
    const before = migrationFolders();
    const folder = await createMigration("Add_Extra");

    expect(path.basename(folder)).toMatch(/^\d{14}_add_extra$/);
    expect(migrationFolders()).toEqual([...before, path.basename(folder)]);
    expect(readFileSync(path.join(folder, "migration.sql"), "utf8")).toMatch(/^CREATE TABLE "Extra"/m);
    expect(await diffMigrationsToSchema()).toBe("");
  });

  it("starts a new project's migrations with the lock file", async () => {
    enterScratchProject(schema, { withMigrations: false });
    const folder = await createMigration("init");

    expect(readFileSync("prisma/migrations/migration_lock.toml", "utf8")).toMatch(/^provider = "postgresql"$/m);
    expect(migrationFolders()).toEqual([path.basename(folder)]);
    expect(existsSync(path.join(folder, "migration.sql"))).toBe(true);
    expect(await diffMigrationsToSchema()).toBe("");
  });
});
