import path from "node:path";
import { defineConfig, type TestProjectInlineConfiguration } from "vitest/config";

// Every test file runs in two projects: on embedded PGlite, and on the Postgres server of
// TEST_DATABASE_URL (`npm test` starts a throwaway one). Each file gets its own empty
// database (test/support/fresh-database.ts); each run cleans up after itself
// (test/support/test-run.ts).
const postgresUrl = process.env.TEST_DATABASE_URL;
const ci = process.env.CI === "true";

if (!postgresUrl && !ci) {
  console.warn("\nSkipping the postgres project: TEST_DATABASE_URL is not set (npm test starts a server).\n");
}

const project = (name: "embedded" | "postgres"): TestProjectInlineConfiguration => ({
  extends: true,
  test: { name, provide: { databaseKind: name }, globalSetup: ["test/support/test-run.ts"] },
});

export default defineConfig({
  resolve: { alias: { "@": path.resolve(import.meta.dirname) } },
  test: {
    include: ["test/**/*.test.ts"],
    // Child processes, not threads: tests of prisma/ handling change the working directory.
    pool: "forks",
    // Tests assert on errors; their log lines would only be noise.
    env: { LOG_LEVEL: "silent" },
    setupFiles: ["test/support/fresh-database.ts"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // On CI a missing server fails the postgres project (in every file's setup), never skips it.
    projects: [project("embedded"), ...(postgresUrl || ci ? [project("postgres")] : [])],
  },
});
