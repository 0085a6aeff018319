// `npm run triage` as a user runs it: a child process on the same PostgreSQL database
// (the embedded one admits one process at a time), against the fake Messages API.
import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { createLabels } from "@/lib/labels/create-labels";
import { testDatabaseKind, withMigratedDatabase } from "../support/database";
import { FAKE_API_KEY, startFakeAnthropic, type FakeAnthropic } from "../support/fake-anthropic";
import { track } from "../flags/support";

withMigratedDatabase();

const run = promisify(execFile);
let fake: FakeAnthropic;

beforeAll(async () => {
  fake = await startFakeAnthropic();
});
afterAll(async () => {
  await fake.close();
});

async function triage(args: string[], env: Record<string, string | undefined> = {}) {
  const result = await run(path.resolve("node_modules/.bin/tsx"), ["scripts/triage.ts", ...args], {
    env: { ...process.env, ANTHROPIC_API_KEY: FAKE_API_KEY, ANTHROPIC_BASE_URL: fake.url, LOG_LEVEL: "silent", ...env },
  }).catch((error: { code: number; stdout: string; stderr: string }) => error);
  return { code: "code" in result ? result.code : 0, stdout: result.stdout, stderr: result.stderr };
}

describe.skipIf(testDatabaseKind() !== "postgres")("npm run triage", () => {
  it("prints a summary table; a dry run changes nothing, a real run clears the noise", async () => {
    const uris = [track("cli-1"), track("cli-2")];
    await createLabels(uris.map((uri) => ({ uri, val: "copyright-violation" })), "scanner");

    const dry = await triage(["--dry-run", "--only", "flags"]);
    expect(dry.code).toBe(0);
    expect(dry.stdout).toMatch(/dry run: nothing was changed\): completed/);
    expect(dry.stdout).toMatch(/auto_resolved\s+2/);
    expect(await db().triageDecision.count({ where: { dryRun: false } })).toBe(0);

    const real = await triage(["--limit", "5"]);
    expect(real.code).toBe(0);
    expect(real.stdout).toMatch(/auto_resolved\s+2/);
    expect(real.stdout).toMatch(/model calls\s+1/);
    expect(await db().triageDecision.count({ where: { dryRun: false, outcome: "auto_resolved" } })).toBe(2);
  });

  it("names a bad argument (exit 2) and refuses without an API key (exit 1)", async () => {
    const bad = await triage(["--only", "everything"]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/only: must be one of flags, relay, reports/);
    const unknown = await triage(["--fast"]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/usage: npm run triage/);
    const disabled = await triage([], { ANTHROPIC_API_KEY: "" });
    expect(disabled.code).toBe(1);
    expect(disabled.stderr).toMatch(/ANTHROPIC_API_KEY is not set/);
  });
});
