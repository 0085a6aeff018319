import { randomBytes } from "node:crypto";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { expect, request as playwrightRequest, test, type APIRequestContext } from "@playwright/test";
import pg from "pg";
import { FAKE_API_KEY, startFakeAnthropic, type FakeAnthropic } from "../test/support/fake-anthropic";
import { startFakeBsky, type FakeBsky } from "../test/support/fake-bsky";
import { queryTestServer } from "../test/support/test-run";
import { E2E_ADMIN_TOKEN, E2E_PORT } from "./support/settings";
import { startWarden, type WardenProcess } from "./support/warden-process";

// AI triage in a Warden of its own: the cron route over real HTTP with the real SDK
// talking to a fake Messages API, the DM through a fake PDS, and a run killed with
// SIGKILL mid-way, then resumed by the next one.
const PORT = E2E_PORT + 9;
const CRON_SECRET = "e2e-cron-secret-0123456789abcdef";
const BOT = { handle: "warden-bot.test", password: "bot-app-password" };
const cronHeaders = { authorization: `Bearer ${CRON_SECRET}` };

let anthropic: FakeAnthropic;
let bsky: FakeBsky;

test.beforeAll(async () => {
  bsky = await startFakeBsky({ bot: BOT, users: ["mod.test"] });
});

test.afterAll(async () => {
  await bsky?.close();
});

test.afterEach(async () => {
  await anthropic?.close();
});

function wardenEnv(extra: Record<string, string>): Record<string, string> {
  return {
    ADMIN_TOKEN: E2E_ADMIN_TOKEN,
    ANTHROPIC_API_KEY: FAKE_API_KEY,
    ANTHROPIC_BASE_URL: anthropic.url,
    CRON_SECRET,
    BSKY_SERVICE: bsky.url,
    NOTIFY_BOT_HANDLE: BOT.handle,
    NOTIFY_BOT_PASSWORD: BOT.password,
    NOTIFY_RECIPIENTS: "mod.test",
    PUBLIC_URL: `http://127.0.0.1:${PORT}`,
    ...extra,
  };
}

/** Emits flags as the scanner does; a score of 0.995 makes the fake answer VIOLATION. */
async function emitFlags(api: APIRequestContext, count: number, score = (i: number) => (i === 0 ? 0.995 : 0.5)): Promise<string[]> {
  const word = randomBytes(4).toString("hex");
  const uris: string[] = [];
  for (let i = 0; i < count; i++) {
    const uri = `at://did:plc:e2etriage${word}aaaa/fm.plyr.track/${word}${i}`;
    const response = await api.post("/emit-label", {
      headers: { "x-moderation-key": E2E_ADMIN_TOKEN },
      data: { uri, val: "copyright-violation", context: { track_id: i, track_title: `Song ${i}`, highest_score: score(i), matches: [] } },
    });
    expect(response.status()).toBe(200);
    uris.push(uri);
  }
  return uris;
}

test("the cron route triages over HTTP: noise cleared (seen through queryLabels), the rest batched and DMed", async () => {
  anthropic = await startFakeAnthropic();
  const warden = await startWarden(PORT, wardenEnv({}));
  const api = await playwrightRequest.newContext({ baseURL: warden.url });
  try {
    const uris = await emitFlags(api, 4);
    expect((await api.get("/api/cron/triage")).status()).toBe(401);

    const response = await api.get("/api/cron/triage", { headers: cronHeaders });
    expect(response.status()).toBe(200);
    const run = await response.json();
    expect(run).toMatchObject({ status: "completed", trigger: "cron", items: 4, counts: { auto_resolved: 3, violation: 1 } });

    const labels = await (await api.get(`/xrpc/com.atproto.label.queryLabels?${uris.map((u) => `uriPatterns=${encodeURIComponent(u)}`).join("&")}`)).json();
    const negated = new Set(labels.labels.filter((label: { neg?: boolean }) => label.neg).map((label: { uri: string }) => label.uri));
    expect(uris.map((uri) => negated.has(uri))).toEqual([false, true, true, true]);

    expect(run.batch).toMatchObject({ flag_count: 1 });
    expect(bsky.messages.at(-1)!.text).toContain(`${warden.url}/review/${run.batch.id}`);
    const health = await (await api.get("/api/health")).json();
    expect(health.triage).toEqual({ status: "enabled" });
  } finally {
    await api.dispose();
    expect(await warden.stop()).toBe(0);
  }
});

test("TRIAGE_INTERVAL runs triage from the server, and SIGTERM still stops it cleanly", async () => {
  anthropic = await startFakeAnthropic();
  const warden = await startWarden(PORT, wardenEnv({ TRIAGE_INTERVAL: "10s", NOTIFY_RECIPIENTS: "" }));
  const api = await playwrightRequest.newContext({ baseURL: warden.url });
  try {
    const [uri] = await emitFlags(api, 1, () => 0.5);
    await expect.poll(() => anthropic.requests.length, { timeout: 45_000, intervals: [1_000] }).toBeGreaterThan(0);
    const negated = async () => {
      const { labels } = await (await api.get(`/xrpc/com.atproto.label.queryLabels?uriPatterns=${encodeURIComponent(uri!)}`)).json();
      return labels.some((label: { neg?: boolean }) => label.neg);
    };
    await expect.poll(negated).toBe(true);
  } finally {
    await api.dispose();
    expect(await warden.stop()).toBe(0);
  }
  expect(warden.output()).not.toMatch(/scheduled triage run failed/);
});

test("a run killed with SIGKILL mid-way leaves nothing half-done, and the next run finishes the work", async () => {
  const serverUrl = process.env.TEST_DATABASE_URL;
  test.skip(!serverUrl && !process.env.CI, "needs TEST_DATABASE_URL (npm test starts a server)");
  // A crash of the embedded database is not what this tests: use PostgreSQL.
  const name = `warden_e2e_triage_${randomBytes(4).toString("hex")}`;
  await queryTestServer(serverUrl!, `CREATE DATABASE "${name}"`);
  const databaseUrl = Object.assign(new URL(serverUrl!), { pathname: `/${name}` }).href;
  anthropic = await startFakeAnthropic({ latencyMs: 700 });
  const env = wardenEnv({
    DATABASE_URL: databaseUrl,
    DATA_DIR: mkdtempSync(path.join(tmpdir(), "warden-triage-e2e-")),
    TRIAGE_ITEMS_PER_CALL: "2",
    TRIAGE_CONCURRENCY: "1",
    TRIAGE_BUDGET_SECONDS: "5",
    TRIAGE_MAX_RETRIES: "0",
  });
  let warden: WardenProcess = await startWarden(PORT, env);
  let api = await playwrightRequest.newContext({ baseURL: warden.url });
  const database = new pg.Client({ connectionString: databaseUrl });
  try {
    const uris = await emitFlags(api, 8, () => 0.5);
    // Start a run, and kill the process once the model has answered a call and is on the next.
    const pending = api.get("/api/cron/triage", { headers: cronHeaders, timeout: 60_000 }).catch(() => null);
    await expect.poll(() => anthropic.requests.length, { timeout: 30_000 }).toBeGreaterThanOrEqual(2);
    await warden.kill();
    await pending;
    await api.dispose();

    await database.connect();
    const before = await database.query("SELECT item, outcome FROM triage_decisions");
    expect(before.rowCount).toBeGreaterThan(0);
    expect(before.rowCount).toBeLessThan(8);
    // Nothing half-done: every cleared flag has its decision, and every decision its clearing.
    const resolved = await database.query("SELECT uri FROM subject_contexts WHERE resolved_by = 'ai-triage'");
    expect(resolved.rows.map((row) => row.uri).sort()).toEqual(before.rows.map((row) => row.item).sort());

    warden = await startWarden(PORT, env);
    api = await playwrightRequest.newContext({ baseURL: warden.url });
    // Items the dead run had not leased are taken at once; those it held come free when its
    // leases expire (twice the budget plus a grace: 15 s here).
    const decided = async () => {
      await api.get("/api/cron/triage", { headers: cronHeaders });
      return (await database.query("SELECT count(DISTINCT item)::int AS n FROM triage_decisions")).rows[0]!.n;
    };
    await expect.poll(decided, { timeout: 45_000, intervals: [2_000] }).toBe(uris.length);

    const perItem = await database.query("SELECT item, count(*)::int AS n FROM triage_decisions GROUP BY item");
    expect(perItem.rows.map((row) => row.item).sort()).toEqual([...uris].sort());
    expect(perItem.rows.every((row) => row.n === 1)).toBe(true);
    const runs = await database.query("SELECT status FROM triage_runs ORDER BY started_at");
    expect(runs.rows[0]!.status).toBe("abandoned");
  } finally {
    await database.end().catch(() => undefined);
    await api.dispose();
    await warden.stop();
    await queryTestServer(serverUrl!, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  }
});
