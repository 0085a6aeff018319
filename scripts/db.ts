// `npm run db:migrate` applies pending migrations to the configured database;
// `npm run db:migration -- NAME` writes a new migration from prisma/schema.prisma.
import path from "node:path";
import { closeDatabase, configuredTarget, describeTarget } from "@/lib/db";
import { createMigration, migrateDatabase } from "@/lib/db/migrations";

const USAGE = "usage: npm run db:migrate | npm run db:migration -- NAME";

async function run(command: string | undefined, args: string[]): Promise<number> {
  if (command === "migrate" && args.length === 0) {
    const database = describeTarget(configuredTarget());
    const applied = await migrateDatabase();
    console.log(applied.length ? `${database}: applied ${applied.join(", ")}` : `${database}: up to date`);
    return 0;
  }
  if (command === "create" && args.length === 1) {
    const folder = await createMigration(args[0]!);
    console.log(`Created ${path.relative(process.cwd(), path.join(folder, "migration.sql"))}`);
    return 0;
  }
  console.error(USAGE);
  return 2;
}

try {
  process.exitCode = await run(process.argv[2], process.argv.slice(3));
} catch (error) {
  console.error(error instanceof Error ? error.message : String(error));
  process.exitCode = 1;
} finally {
  await closeDatabase();
}
