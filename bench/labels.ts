// `npm run bench:labels`: Warden's labeler against @skyware/labeler (from npm) on the same
// signed labels, on this machine, in one run; every figure is printed beside skyware's as a
// ratio. Loopback only, on ports the OS picks, bounded loops; it stops by itself. A failed
// request, a refused or broken stream, or a replay out of order fails the run.
//   BENCH_LABELS        labels to seed (default 1000000, about 15 minutes in all; 100000 for a quick run)
//   BENCH_SECONDS       seconds per queryLabels load and per emission run (default 10)
//   BENCH_DATABASE_URL  a PostgreSQL server (default TEST_DATABASE_URL, else a throwaway one)
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import path from "node:path";
import { Secp256k1Keypair } from "@atproto/crypto";
import pg from "pg";
import { startTestPostgres } from "../scripts/test-postgres.ts";
import { embeddedIdleMemory } from "./labels/embedded-memory.ts";
import { backgroundReplays, emission, fanOut, queryLoad, replay } from "./labels/measure.ts";
import { printReport, type Row } from "./labels/report.ts";
import { accountDid, postUri, seedDatabases } from "./labels/seed.ts";
import { memory, settle, startSkyware, startWarden, type Running } from "./labels/servers.ts";
import { queryTestServer } from "../test/support/test-run";

const LABELS = Number(process.env.BENCH_LABELS ?? 1_000_000);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const SUBSCRIBERS = 500;
const REPLAYS = 25;
const EMIT_IN_FLIGHT = 4;
const ADMIN_TOKEN = `bench-${randomBytes(16).toString("hex")}`;
const DID = "did:web:bench.warden.test";

const work = mkdtempSync(path.join(tmpdir(), "warden-bench-"));
const throwaway = process.env.BENCH_DATABASE_URL || process.env.TEST_DATABASE_URL ? null : await startTestPostgres();
const serverUrl = process.env.BENCH_DATABASE_URL || process.env.TEST_DATABASE_URL || throwaway?.url;
if (!serverUrl) throw new Error("bench:labels needs PostgreSQL: set BENCH_DATABASE_URL or install it (initdb, pg_ctl)");
const database = `warden_bench_${randomBytes(4).toString("hex")}`;
const databaseUrl = Object.assign(new URL(serverUrl), { pathname: `/${database}` }).href;
const running: Running[] = [];

const admin = (sql: string) => queryTestServer(serverUrl!, sql);

const log = (message: string) => process.stdout.write(`── ${message}\n`);
const rss = (service: Running) => `${memory(service.child).rssMb.toFixed(0)} MB RSS`;
// Before each measurement, both servers finish what the previous one left queued
// (skyware answers its last queryLabels requests long after the load stops).
const settleBoth = async () => {
  for (const service of running) {
    const waited = await settle(service);
    if (waited > 2) log(`waited ${waited.toFixed(0)} s for ${service.name} to go idle`);
  }
};

try {
  log(`${cpus().length} cores, load ${loadavg().map((n) => n.toFixed(1)).join(" ")}; ${LABELS.toLocaleString("en")} labels; PostgreSQL ${new URL(serverUrl).host}`);
  await admin(`CREATE DATABASE "${database}"`);
  process.env.DATABASE_URL = databaseUrl; // read lazily by lib/env: the migrations below go there
  const { migrateDatabase } = await import("@/lib/db/migrations");
  const { closeDatabase } = await import("@/lib/db");
  await migrateDatabase();
  await closeDatabase();

  const keyHex = Buffer.from(await (await Secp256k1Keypair.create({ exportable: true })).export()).toString("hex");
  let started = performance.now();
  const skywareSeed = path.join(work, "skyware-seed.ndjson");
  await seedDatabases({ databaseUrl, count: LABELS, src: DID, privateKeyHex: keyHex, skywareFile: skywareSeed });
  log(`seeded and signed in ${((performance.now() - started) / 1000).toFixed(0)} s`);

  started = performance.now();
  // Every client here is one address: the stream's per-client limits would refuse the fan-out's 500.
  const streamLimits = { STREAM_MAX_CONNECTIONS_PER_CLIENT: "10000", STREAM_MAX_REPLAYS: String(REPLAYS + 5), STREAM_MAX_REPLAYS_PER_CLIENT: String(REPLAYS + 5) };
  const warden = await startWarden({
    env: { DATABASE_URL: databaseUrl, DATA_DIR: path.join(work, "data"), ADMIN_TOKEN, LABELER_DID: DID, LABELER_SIGNING_KEY: keyHex, ...streamLimits },
  });
  running.push(warden);
  const skyware = await startSkyware({
    env: { SKYWARE_DB: path.join(work, "skyware.db"), SKYWARE_SEED: skywareSeed, SKYWARE_KEY: keyHex, SKYWARE_DID: DID },
  });
  running.push(skyware);
  log(`both servers up in ${((performance.now() - started) / 1000).toFixed(0)} s; warden ${rss(warden)}, skyware ${rss(skyware)}`);

  const rows: Row[] = [];
  await settleBoth();
  rows.push({ figure: "server RSS after boot, idle: MB", warden: memory(warden.child).rssMb, skyware: memory(skyware.child).rssMb, better: "lower" });
  const accounts = Math.max(1, Math.floor(LABELS / 10));
  const pick = (n: number) => Math.floor(Math.random() * n);
  const query = (pattern: string) => `/xrpc/com.atproto.label.queryLabels?uriPatterns=${encodeURIComponent(pattern)}`;
  const exact = () => {
    const i = pick(LABELS); // a labelled post
    return query(postUri(Math.floor(i / 10), i));
  };
  const prefix = () => query(`at://${accountDid(pick(accounts))}/*`); // an account's records

  for (const [name, next] of [["exact URI", exact], ["prefix", prefix]] as const) {
    const results = [];
    for (const service of [warden, skyware]) {
      await settleBoth();
      await queryLoad(service.http, next, 2); // warm-up
      results.push(await queryLoad(service.http, next, SECONDS));
      log(`queryLabels ${name} on ${service.name}: ${results.at(-1)!.rps.toFixed(0)} req/s, ${rss(service)}`);
    }
    const [ours, theirs] = results as [Awaited<ReturnType<typeof queryLoad>>, Awaited<ReturnType<typeof queryLoad>>];
    rows.push({ figure: `queryLabels ${name}: req/s (c=32)`, warden: ours.rps, skyware: theirs.rps, better: "higher", target: "≥ 3x skyware", met: ours.rps >= 3 * theirs.rps });
    rows.push({ figure: `queryLabels ${name}: p50 ms`, warden: ours.p50, skyware: theirs.p50, better: "lower" });
    rows.push({ figure: `queryLabels ${name}: p99 ms`, warden: ours.p99, skyware: theirs.p99, better: "lower", target: "< 20 ms", met: ours.p99 < 20 });
    if (ours.failed) log(`warning: ${ours.failed} failed Warden requests`);
  }

  const currentLabels = await countCurrent(databaseUrl);
  await settleBoth();
  const ourReplay = await replay(warden.ws, currentLabels);
  log(`replay on warden: ${ourReplay.perSecond.toFixed(0)} labels/s, ${rss(warden)}`);
  await settleBoth();
  const theirReplay = await replay(skyware.ws, LABELS);
  log(`replay on skyware: ${theirReplay.perSecond.toFixed(0)} labels/s, ${rss(skyware)}`);
  rows.push({ figure: "replay from cursor=0: labels/s to one client", warden: ourReplay.perSecond, skyware: theirReplay.perSecond, better: "higher", target: "≥ 100,000/s", met: ourReplay.perSecond >= 100_000 });

  // Replay isolation: queryLabels at 32 connections alone, then beside 25 clients replaying
  // everything from cursor=0 over and over (Warden only: what its replay limits protect).
  await settleBoth();
  const alone = await queryLoad(warden.http, exact, SECONDS);
  const replays = backgroundReplays(warden.ws, REPLAYS, currentLabels);
  await queryLoad(warden.http, exact, 2); // the replays under way
  const beside = await queryLoad(warden.http, exact, SECONDS);
  const replayed = await replays.stop();
  for (const load of [alone, beside]) if (load.failed) throw new Error(`${load.failed} queryLabels requests failed during the replay isolation`);
  log(`queryLabels exact p99: ${alone.p99.toFixed(1)} ms alone, ${beside.p99.toFixed(1)} ms beside ${REPLAYS} replays (${replayed.completed} full replays, ${replayed.labels.toLocaleString("en")} labels sent), ${rss(warden)}`);
  rows.push({ figure: "queryLabels exact p99 ms, no replay running", warden: alone.p99, better: "lower" });
  rows.push({ figure: `queryLabels exact p99 ms, ${REPLAYS} full replays running`, warden: beside.p99, better: "lower", target: "≤ 2x alone", met: beside.p99 <= 2 * alone.p99 });
  rows.push({ figure: `queryLabels exact req/s, ${REPLAYS} full replays running`, warden: beside.rps, better: "higher" });

  let emitted = 0;
  const emitToWarden = async () => {
    const response = await fetch(`${warden.http}/emit-label`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-moderation-key": ADMIN_TOKEN },
      body: JSON.stringify({ uri: `at://did:plc:fanoutbench/app.bsky.feed.post/${emitted++}`, val: "spam" }),
    });
    if (response.status !== 200) throw new Error(`emit-label answered ${response.status}`);
    return ((await response.json()) as { seq: number }).seq;
  };
  await settleBoth();
  const ourFanOut = await fanOut(warden.ws, SUBSCRIBERS, 40, emitToWarden);
  log(`fan-out on warden: p99 ${ourFanOut.p99.toFixed(1)} ms over ${ourFanOut.samples} receipts, ${rss(warden)}`);
  await settleBoth();
  const theirFanOut = await fanOut(skyware.ws, SUBSCRIBERS, 40, async () => (await skyware.emit(1))[0]!);
  log(`fan-out on skyware: p99 ${theirFanOut.p99.toFixed(1)} ms`);
  rows.push({ figure: `live fan-out to ${SUBSCRIBERS} subscribers: p50 ms`, warden: ourFanOut.p50, skyware: theirFanOut.p50, better: "lower" });
  rows.push({ figure: `live fan-out to ${SUBSCRIBERS} subscribers: p99 ms`, warden: ourFanOut.p99, skyware: theirFanOut.p99, better: "lower", target: "< 100 ms", met: ourFanOut.p99 < 100 });

  // One batch at a time (a scanner waiting for each answer), then four senders at once.
  for (const inFlight of [1, EMIT_IN_FLIGHT]) {
    await settleBoth();
    const ourEmission = await emission(SECONDS, 100, inFlight, async (batch) => {
      const labels = Array.from({ length: 100 }, (_, i) => ({ uri: `at://did:plc:emitbench/app.bsky.feed.post/${inFlight}-${batch}-${i}`, val: "spam" }));
      const response = await fetch(`${warden.http}/api/labels`, {
        method: "POST",
        headers: { "content-type": "application/json", "x-moderation-key": ADMIN_TOKEN },
        body: JSON.stringify({ labels }),
      });
      if (response.status !== 201) throw new Error(`/api/labels answered ${response.status}`);
    });
    log(`emission on warden, ${inFlight} in flight: ${ourEmission.toFixed(0)} labels/s`);
    await settleBoth();
    const theirEmission = await emission(SECONDS, 100, inFlight, async () => void (await skyware.emit(100)));
    log(`emission on skyware, ${inFlight} in flight: ${theirEmission.toFixed(0)} labels/s`);
    rows.push({
      figure: `emission, batches of 100, ${inFlight} in flight: labels/s`,
      warden: ourEmission,
      skyware: theirEmission,
      better: "higher",
      ...(inFlight > 1 && { target: "≥ 3,000/s", met: ourEmission >= 3_000 }),
    });
  }

  const ourMemory = memory(warden.child);
  const theirMemory = memory(skyware.child);
  rows.push({ figure: "server RSS, peak over the run: MB", warden: ourMemory.peakMb, skyware: theirMemory.peakMb, better: "lower", target: "< 400 MB", met: ourMemory.peakMb < 400 });

  // `npm start` with no database configured: the embedded PGlite, first start and restart.
  for (const service of running.splice(0).reverse()) await service.stop(); // their CPU and memory out of the way
  const embeddedDir = path.join(work, "embedded");
  for (const start of ["first start", "restart"]) {
    const embedded = await embeddedIdleMemory(embeddedDir, ADMIN_TOKEN);
    log(`embedded Warden, ${start}: ${embedded.idleMb.toFixed(0)} MB RSS idle after the dashboard's pages, ${embedded.peakMb.toFixed(0)} MB peak`);
    rows.push({ figure: `embedded (PGlite), ${start}: RSS idle after the pages, MB`, warden: embedded.idleMb, better: "lower", target: "< 250 MB", met: embedded.idleMb < 250 });
    rows.push({ figure: `embedded (PGlite), ${start}: peak RSS, MB`, warden: embedded.peakMb, better: "lower" });
  }

  printReport(rows, [
    `${LABELS.toLocaleString("en")} labels (${currentLabels.toLocaleString("en")} current), ${cpus().length} cores shared by both servers, PostgreSQL and the clients; load at the end ${loadavg().map((n) => n.toFixed(1)).join(" ")}.`,
    "Emits: Warden through its HTTP API (POST /emit-label, POST /api/labels: Next, Postgres, NOTIFY to the stream);",
    "skyware through its in-process createLabel (its HTTP emitEvent needs a service JWT whose DID it resolves online; it has no batch call).",
    "Replay counts what each sends for cursor=0: Warden the current labels, skyware every row ever written.",
    `Replay isolation: the exact-URI load alone, then beside ${REPLAYS} clients each replaying every current label from cursor=0, again and again.`,
    "Embedded: npm start's Node flags and environment on a new PGlite folder, RSS once idle after logging in and loading the dashboard's pages.",
  ]);
} finally {
  for (const service of running.reverse()) await service.stop();
  await admin(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`).catch(() => {});
  throwaway?.stop();
  rmSync(work, { recursive: true, force: true });
}

async function countCurrent(url: string): Promise<number> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return Number((await client.query<{ n: string }>("SELECT count(*) AS n FROM label_heads")).rows[0]!.n);
  } finally {
    await client.end();
  }
}
