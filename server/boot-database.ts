import { ensureFirstAdminToken } from "@/lib/auth/tokens";
import { configuredTarget, databaseKind } from "@/lib/db";
import { createEmbeddedDatabase } from "@/lib/db/embedded";
import { migrateDatabase } from "@/lib/db/migrations";
import { setDatabaseReady } from "@/lib/db/readiness";
import { env } from "@/lib/env";
import { loadLabelerAccount } from "@/lib/labels/network/labeler-account";
import { logger } from "@/lib/log";

const RETRY_MS = [1000, 2000, 5000, 10_000];

/**
 * Applies migrations, retrying while the database is unreachable (health answers
 * 503 meanwhile), then makes the first admin token if there is none.
 */
export async function bootDatabase(signal: AbortSignal): Promise<void> {
  setDatabaseReady(false);
  for (let attempt = 0; !signal.aborted; attempt++) {
    try {
      const target = configuredTarget();
      if (target.kind === "embedded") await createEmbeddedDatabase(target.dataDir);
      const applied = await migrateDatabase();
      await loadLabelerAccount();
      logger.info({ database: databaseKind(), applied }, applied.length ? "migrations applied" : "database up to date");
      break;
    } catch (error) {
      const delay = RETRY_MS[Math.min(attempt, RETRY_MS.length - 1)]!;
      logger.error({ err: error, database: databaseKind(), retryInMs: delay }, "database unavailable");
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
  }
  if (signal.aborted) return;
  setDatabaseReady(true);
  if (!env().ADMIN_TOKEN) printFirstAdminToken(await ensureFirstAdminToken());
}

function printFirstAdminToken(token: string | null): void {
  if (!token) return;
  // Printed to the terminal once, deliberately outside the structured log.
  process.stdout.write(
    `\n  First start: an admin token was created. It is shown only this once.\n\n    ${token}\n\n` +
      `  Log in at /login with it, then create personal tokens with \`npm run token -- create\`.\n\n`,
  );
}
