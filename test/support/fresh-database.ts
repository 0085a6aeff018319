// Runs before every test file: points Warden at a fresh, empty database of this project's
// kind, so no test can touch ./data or a developer's DATABASE_URL. Files that need the
// schema call withMigratedDatabase().
import { afterAll, beforeEach } from "vitest";
import { resetCredentialThrottle } from "@/lib/auth/credential-throttle";
import { closeDatabase } from "@/lib/db";
import { createTestDatabase, testDatabaseKind } from "./database";

const database = await createTestDatabase(testDatabaseKind());
delete process.env.DATABASE_URL;
Object.assign(process.env, database.env);

// Tests send wrong credentials on purpose, all from one address: each starts uncounted.
beforeEach(() => resetCredentialThrottle());

afterAll(async () => {
  await closeDatabase();
  await database.drop();
});
