// plyr.fm's moderation loop against the built server, from Python with httpx (the
// client library plyr.fm uses), as its ModClient calls the service: a stale, a
// mistyped and a repeated URI in the batch must not make raise_for_status() fire.
import { spawnSync } from "node:child_process";
import { expect, test } from "@playwright/test";
import { admin, emitFlags, runWord } from "./support/flags";
import { E2E_ADMIN_TOKEN } from "./support/settings";

const python = process.env.PYTHON ?? "/usr/bin/python3";
const hasHttpx = spawnSync(python, ["-c", "import httpx"]).status === 0;

test("the moderation loop's calls from httpx: list every pending flag, resolve, batch despite stale URIs", async ({ request, baseURL }) => {
  // CI installs python3-httpx (.ci/run); elsewhere the spec says what is missing.
  test.skip(!hasHttpx && process.env.CI !== "true", `${python} with httpx not found (apt-get install python3-httpx)`);
  const word = runWord();
  const flags = await emitFlags(request, word, ["Loop One", "Loop Two", "Loop Three", "Loop Four"]);

  const run = spawnSync(python, ["e2e/plyr/moderation_loop_calls.py", baseURL!, word], {
    env: { ...process.env, MODERATION_AUTH_TOKEN: E2E_ADMIN_TOKEN },
    encoding: "utf8",
    timeout: 60_000,
  });
  expect(run.status, run.stderr).toBe(0);
  const result = JSON.parse(run.stdout);
  expect(result.ours).toEqual(flags.map((flag) => flag.uri));
  const [, noise, human1, human2] = result.ours as string[];
  expect(result.batch).toMatchObject({ flag_count: 2, url: `/review/${result.batch.id}` });
  expect(result.batch.skipped).toEqual([
    { uri: noise, reason: "resolved" },
    { uri: `${human1}x`, reason: "unknown" },
    { uri: human1, reason: "duplicate" },
  ]);
  expect(result.dm).toBe(`[PLYR-MOD:TEST] 2 need review:\n${baseURL}/review/${result.batch.id}`);

  const data = await (await request.get(`/admin/review/${result.batch.id}/data`, { headers: admin })).json();
  expect(data.flags.map((flag: { uri: string }) => flag.uri)).toEqual([human1, human2]);
});
