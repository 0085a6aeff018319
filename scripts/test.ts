// `npm test`: the whole suite in order: lint, typecheck, unit and integration tests
// on the embedded database and on Postgres, a production build, then the browser
// tests. With CI=true a missing Postgres or Chromium fails the run instead of
// skipping that part.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { freePort, startTestPostgres, type TestPostgres } from "./test-postgres.ts";

const ci = process.env.CI === "true";
const chromium = [process.env.CHROMIUM_PATH, "/usr/bin/chromium", "/usr/bin/chromium-browser"].find((p) => p && existsSync(p));

type Step = { name: string; command: string[]; skip?: string };

const steps: Step[] = [
  { name: "lint", command: ["eslint", "--max-warnings=0", "."] },
  { name: "typecheck", command: ["tsc", "--noEmit"] },
  { name: "unit and integration (vitest)", command: ["vitest", "run"] },
  { name: "build", command: ["next", "build"] },
  {
    name: "end to end (playwright)",
    command: ["playwright", "test"],
    skip: chromium ? undefined : "Chromium not found (apt-get install chromium, or set CHROMIUM_PATH)",
  },
];

const timings: string[] = [];

// The Postgres half of the vitest suite needs a server: start a throwaway one when
// none is given. Without PostgreSQL installed that half skips locally, fails on CI.
let postgres: TestPostgres | null = null;
if (!process.env.TEST_DATABASE_URL) {
  postgres = await startTestPostgres();
  if (postgres) {
    process.env.TEST_DATABASE_URL = postgres.url;
    console.log(`── started a throwaway PostgreSQL for the tests at ${postgres.url}`);
  }
}
process.on("exit", () => postgres?.stop());

// The e2e server listens on a port nobody else holds (another Warden may run on this machine).
process.env.E2E_PORT ??= String(await freePort());

for (const step of steps) {
  if (step.skip) {
    if (ci) fail(`${step.name}: ${step.skip}; CI=true does not allow skipping`);
    console.warn(`\n── ${step.name}: SKIPPED: ${step.skip}`);
    timings.push(`${step.name}: skipped`);
    continue;
  }
  console.log(`\n── ${step.name}: ${step.command.join(" ")}`);
  const started = performance.now();
  const result = spawnSync(step.command[0]!, step.command.slice(1), {
    stdio: "inherit",
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" },
  });
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  timings.push(`${step.name}: ${seconds} s`);
  if (result.status !== 0) fail(`${step.name} failed (exit ${result.status ?? result.signal})`);
}
console.log(`\n── all steps passed\n${timings.map((t) => `   ${t}`).join("\n")}`);

function fail(message: string): never {
  console.error(`\n── ${message}\n${timings.map((t) => `   ${t}`).join("\n")}`);
  process.exit(1);
}
