import { cpSync, mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { onTestFinished } from "vitest";
import { scratchDir } from "./database";

/**
 * Makes the working directory (where lib/db finds prisma/) a scratch project with this
 * schema and, optionally, a copy of the real migrations, until the calling test ends.
 * Needs vitest's "forks" pool: worker threads cannot change directory.
 */
export function enterScratchProject(schema: string, options: { withMigrations: boolean }): string {
  const root = scratchDir("project");
  mkdirSync(path.join(root, "prisma"));
  writeFileSync(path.join(root, "prisma/schema.prisma"), schema);
  if (options.withMigrations) cpSync("prisma/migrations", path.join(root, "prisma/migrations"), { recursive: true });
  const previous = process.cwd();
  process.chdir(root);
  onTestFinished(() => process.chdir(previous));
  return root;
}
