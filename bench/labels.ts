// `npm run bench:labels`: Warden's labeler beside Ozone (Bluesky's moderation service, from
// @atproto/dev-env, devnet/) and the machine's raw ceiling (a bare node:http + pg server
// running Warden's own query and writing the same JSON), all on the same PostgreSQL and the
// same signed labels (each in its own tables), with @skyware/labeler (from npm) as a
// secondary peer for the stream and emission. One run on this machine: three interleaved
// repetitions of every queryLabels shape, every side with the same warm-up (then drained),
// the same sampled requests and PostgreSQL with fsync on. Loopback only, on ports the OS picks, and each server checked
// to be the process answering on its port. More than 0.1% failed requests (non-2xx,
// errors, timeouts), a wrong sampled answer (labels, order, cursor, signatures), a refused
// or broken stream, or a replay out of order fails the run.
//   BENCH_LABELS        labels to seed (default 200000, about 20 minutes in all on 2 quiet cores; 1000000 for the scale, about 27)
//   BENCH_SECONDS       seconds per queryLabels load and per emission run (default 10)
//   BENCH_DATABASE_URL  a PostgreSQL server with fsync on (default TEST_DATABASE_URL, else a throwaway one)
//   BENCH_EMBEDDED=0    skips the embedded (PGlite) memory figures
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import path from "node:path";
import { Secp256k1Keypair } from "@atproto/crypto";
import pg from "pg";
import { startTestPostgres } from "../scripts/test-postgres.ts";
import { embeddedIdleMemory } from "./labels/embedded-memory.ts";
import { backgroundReplays, emission, fanOut, queryLoad, replay, type Load } from "./labels/measure.ts";
import { checkAnswers, openOracle } from "./labels/oracle.ts";
import { printReport, type Row } from "./labels/report.ts";
import { accountDid, postUri, seedDatabases, seedOzone } from "./labels/seed.ts";
import { memory, settle, startOzone, startRaw, startSkyware, startWarden, type Running } from "./labels/servers.ts";
import { closeClients, postJson } from "./support/post-json.ts";
import { cpuMs, postgresPids, totalPssMb } from "./support/processes.ts";
import { assertFewFailures, median } from "./support/verdict.ts";
import { queryTestServer } from "../test/support/test-run";

const LABELS = Number(process.env.BENCH_LABELS ?? 200_000);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const WARM_UP_SECONDS = 3;
const REPETITIONS = 3;
const SAMPLES = 20; // sampled answers checked per side, shape and repetition
const SUBSCRIBERS = 500;
const REPLAYS = 25;
const IN_FLIGHT = 8;
const ADMIN_TOKEN = `bench-${randomBytes(16).toString("hex")}`;

const work = mkdtempSync(path.join(tmpdir(), "warden-bench-"));
const throwaway = process.env.BENCH_DATABASE_URL || process.env.TEST_DATABASE_URL ? null : await startTestPostgres({ durable: true });
const serverUrl = process.env.BENCH_DATABASE_URL || process.env.TEST_DATABASE_URL || throwaway?.url;
if (!serverUrl) throw new Error("bench:labels needs PostgreSQL: set BENCH_DATABASE_URL or install it (initdb, pg_ctl)");
const database = `warden_bench_${randomBytes(4).toString("hex")}`;
const databaseUrl = Object.assign(new URL(serverUrl), { pathname: `/${database}` }).href;
const running: Running[] = [];

const admin = (sql: string) => queryTestServer(serverUrl!, sql);
const setting = async (name: string) => (await admin(`SHOW ${name}`))[0]![name]!;

const load = () => loadavg().map((n) => n.toFixed(1)).join(" ");
const log = (message: string) => process.stdout.write(`── ${message} [load ${load()}]\n`);
const rss = (service: Running) => `${memory(service.child).rssMb.toFixed(0)} MB RSS`;
// Before each measurement every server finishes what the previous load left queued.
const settleAll = async () => {
  for (const service of running) {
    const waited = await settle(service);
    if (waited > 2) log(`waited ${waited.toFixed(0)} s for ${service.name} to go idle`);
  }
};

try {
  log(`${cpus().length} cores; ${LABELS.toLocaleString("en")} labels; PostgreSQL ${new URL(serverUrl).host}`);
  const [fsync, synchronousCommit, dataDirectory] = [await setting("fsync"), await setting("synchronous_commit"), await setting("data_directory")];
  if (fsync !== "on" || synchronousCommit === "off") throw new Error(`the bench's PostgreSQL must be durable (fsync ${fsync}, synchronous_commit ${synchronousCommit})`);
  // Every process of the bench's PostgreSQL: what holds Warden's (and the raw server's) data.
  const postgresMb = () => totalPssMb(postgresPids(dataDirectory));
  // CPU ms used so far by every process of the run: where an emission's CPU goes.
  const cpuByProcess = () => ({
    ...Object.fromEntries(running.map((service) => [service.name, cpuMs(service.child.pid!)])),
    PostgreSQL: postgresPids(dataDirectory).reduce((sum, pid) => sum + cpuMs(pid), 0),
    "bench client": (process.cpuUsage().user + process.cpuUsage().system) / 1000,
  });
  const cpuPerLabel = (before: Record<string, number>, labels: number) =>
    Object.entries(cpuByProcess())
      .map(([name, ms]) => [name, (ms - (before[name] ?? 0)) / labels] as const)
      .filter(([, ms]) => ms >= 0.01)
      .map(([name, ms]) => `${name} ${ms.toFixed(2)}`)
      .join(", ");
  // Ozone's process (which also runs dev-env's in-memory PLC directory).
  const ozoneRssMb = () => memory(ozone.child).rssMb;
  await admin(`CREATE DATABASE "${database}"`);
  process.env.DATABASE_URL = databaseUrl; // read lazily by lib/env: the migrations below go there
  const { migrateDatabase } = await import("@/lib/db/migrations");
  const { closeDatabase } = await import("@/lib/db");
  await migrateDatabase();
  await closeDatabase();

  // Ozone first: the labels are signed with its key and carry its DID, so that Ozone and
  // Warden serve the same signed labels and neither re-signs them.
  let started = performance.now();
  const ozone = await startOzone({ databaseUrl, schema: "bench" });
  running.push(ozone);
  log(`ozone (dev-env's TestOzone and the PLC directory it needs) up in ${((performance.now() - started) / 1000).toFixed(0)} s`);
  const DID = ozone.ready.did;
  const keyHex = ozone.ready.keyHex;
  const keypair = await Secp256k1Keypair.import(keyHex);
  started = performance.now();
  const skywareSeed = path.join(work, "skyware-seed.ndjson");
  await seedDatabases({ databaseUrl, count: LABELS, src: DID, privateKeyHex: keyHex, skywareFile: skywareSeed });
  const ozoneLabels = await seedOzone({ databaseUrl, schema: ozone.ready.schema, signingKeyId: ozone.ready.signingKeyId });
  log(`seeded and signed in ${((performance.now() - started) / 1000).toFixed(0)} s (${ozoneLabels.toLocaleString("en")} current labels copied into Ozone's table)`);

  started = performance.now();
  // Every client here is one address: the stream's per-client limits would refuse the fan-out's 500.
  const streamLimits = { STREAM_MAX_CONNECTIONS_PER_CLIENT: "10000", STREAM_MAX_REPLAYS: String(REPLAYS + 5), STREAM_MAX_REPLAYS_PER_CLIENT: String(REPLAYS + 5) };
  const warden = await startWarden({
    env: { DATABASE_URL: databaseUrl, DATA_DIR: path.join(work, "data"), ADMIN_TOKEN, LABELER_DID: DID, LABELER_SIGNING_KEY: keyHex, ...streamLimits },
  });
  running.push(warden);
  // The same server reading every answer from PostgreSQL, as it did before decision 021.
  const wardenDatabase = await startWarden({
    name: "warden-db",
    env: { DATABASE_URL: databaseUrl, DATA_DIR: path.join(work, "data-db"), ADMIN_TOKEN, LABELER_DID: DID, LABELER_SIGNING_KEY: keyHex, LABELS_IN_MEMORY: "off" },
  });
  running.push(wardenDatabase);
  const raw = await startRaw({ databaseUrl });
  running.push(raw);
  const skyware = await startSkyware({
    env: { SKYWARE_DB: path.join(work, "skyware.db"), SKYWARE_SEED: skywareSeed, SKYWARE_KEY: keyHex, SKYWARE_DID: DID },
  });
  running.push(skyware);
  log(`servers up in ${((performance.now() - started) / 1000).toFixed(0)} s; warden ${rss(warden)} (labels in memory), warden ${rss(wardenDatabase)} (database reads), raw ${rss(raw)}, ozone ${rss(ozone)}, skyware ${rss(skyware)}, PostgreSQL ${postgresMb().toFixed(0)} MB PSS`);

  const rows: Row[] = [];
  await settleAll();
  rows.push({
    figure: "RSS after boot, idle, MB (Warden + its PostgreSQL)",
    warden: memory(warden.child).rssMb + postgresMb(),
    peers: { ozone: ozoneRssMb() + postgresMb(), skyware: memory(skyware.child).rssMb },
    better: "lower",
    kind: "memory",
  });

  // ── queryLabels: Warden, Ozone and the raw ceiling, interleaved, on the same request sequences ──
  const oracle = await openOracle(databaseUrl, keypair.did());
  const accounts = Math.max(1, Math.floor(LABELS / 10));
  const query = (pattern: string) => `/xrpc/com.atproto.label.queryLabels?uriPatterns=${encodeURIComponent(pattern)}`;
  const shapes: Record<string, (random: () => number) => string> = {
    "exact URI": (random) => {
      const i = Math.floor(random() * LABELS); // a labelled post
      return query(postUri(Math.floor(i / 10), i));
    },
    "prefix*": (random) => query(`at://${accountDid(Math.floor(random() * accounts))}/*`), // an account's records
    "limit=250 page": (random) => `${query("*")}&limit=250&cursor=${Math.floor(random() * LABELS * 0.99)}`,
  };
  const loads: Record<string, Record<string, Load[]>> = {};
  const ozonePagesOutOfOrder: string[] = [];
  for (let repetition = 0; repetition < REPETITIONS; repetition++) {
    for (const [shape, pathOf] of Object.entries(shapes)) {
      // Each side takes a different place in the order at each repetition.
      const order = [warden, raw, ozone, wardenDatabase];
      const sides = [...order.slice(repetition % order.length), ...order.slice(0, repetition % order.length)];
      for (const side of sides) {
        await settleAll();
        await queryLoad(side.http, sequence(pathOf, 1_000 + repetition), WARM_UP_SECONDS);
        await settleAll(); // the warm-up's backlog drained
        const load = await queryLoad(side.http, sequence(pathOf, repetition), SECONDS);
        assertFewFailures(`queryLabels ${shape} on ${side.name}`, load.failed, load.total);
        const samples = Array.from({ length: SAMPLES }, sequence(pathOf, 2_000 + repetition));
        const name = `queryLabels ${shape} on ${side.name}`;
        if (side !== ozone) await checkAnswers(oracle, side.http, samples, name);
        else if (shape !== "limit=250 page") await checkAnswers(oracle, side.http, samples, name, true); // Ozone's query has no ORDER BY
        else await checkAnswers(oracle, side.http, samples, name).catch((error: Error) => ozonePagesOutOfOrder.push(error.message));
        ((loads[shape] ??= {})[side.name] ??= []).push(load);
        log(`${repetition + 1}/${REPETITIONS} queryLabels ${shape} on ${side.name}: ${load.rps.toFixed(0)} req/s, p99 ${load.p99.toFixed(1)} ms, ${load.failed} failed of ${load.total}; ${SAMPLES} answers checked`);
      }
    }
  }
  await oracle.close();
  log(`after queryLabels: warden ${rss(warden)} (labels in memory), warden ${rss(wardenDatabase)} (database reads)`);
  await wardenDatabase.stop(); // idle from here on, but not part of what follows
  running.splice(running.indexOf(wardenDatabase), 1);
  for (const [shape, bySide] of Object.entries(loads)) {
    const of = (side: string, figure: keyof Load) => median(bySide[side]!.map((load) => load[figure]));
    const rps = of("warden", "rps");
    const p99 = of("warden", "p99");
    const peersOf = (figure: keyof Load) => ({ ozone: of("ozone", figure), "raw ceiling": of("raw", figure), "warden, database reads": of("warden-db", figure) });
    rows.push({
      figure: `queryLabels ${shape}: req/s (c=32, median of ${REPETITIONS})`,
      warden: rps,
      peers: peersOf("rps"),
      better: "higher",
      target: shape === "limit=250 page" ? "≥ 3x Ozone, ≥ 70% of raw" : "≥ 3x Ozone",
      met: rps >= 3 * of("ozone", "rps") && (shape !== "limit=250 page" || rps >= 0.7 * of("raw", "rps")),
    });
    rows.push({ figure: `queryLabels ${shape}: p50 ms`, warden: of("warden", "p50"), peers: peersOf("p50"), better: "lower", kind: "latency" });
    rows.push({ figure: `queryLabels ${shape}: p99 ms`, warden: p99, peers: peersOf("p99"), better: "lower", kind: "latency", target: "< 20 ms", met: p99 < 20 });
  }
  if (ozonePagesOutOfOrder.length) log(`ozone's limit=250 pages (no ORDER BY) differed from the seq-ordered page: ${ozonePagesOutOfOrder.join(" | ")}`);

  // ── subscribeLabels ──
  const currentLabels = await countRows(databaseUrl, "SELECT count(*) AS n FROM label_heads");
  await settleAll();
  const ourReplay = await replay(warden.ws, currentLabels);
  log(`replay on warden: ${ourReplay.perSecond.toFixed(0)} labels/s, ${rss(warden)}`);
  await settleAll();
  const ozoneReplay = await replay(ozone.ws, ozoneLabels);
  log(`replay on ozone: ${ozoneReplay.perSecond.toFixed(0)} labels/s, ${rss(ozone)}`);
  await settleAll();
  const theirReplay = await replay(skyware.ws, LABELS);
  log(`replay on skyware: ${theirReplay.perSecond.toFixed(0)} labels/s, ${rss(skyware)}`);
  rows.push({
    figure: "replay from cursor=0: labels/s to one client",
    warden: ourReplay.perSecond,
    peers: { ozone: ozoneReplay.perSecond, skyware: theirReplay.perSecond },
    better: "higher",
    target: "≥ 3x Ozone",
    met: ourReplay.perSecond >= 3 * ozoneReplay.perSecond,
  });

  // Replay isolation: queryLabels at 32 connections alone, then beside 25 clients replaying
  // everything from cursor=0 over and over (Warden only: what its replay limits protect).
  const exact = sequence(shapes["exact URI"]!, 3_000);
  await settleAll();
  await queryLoad(warden.http, exact, WARM_UP_SECONDS);
  await settleAll();
  const alone = await queryLoad(warden.http, exact, SECONDS);
  const replays = backgroundReplays(warden.ws, REPLAYS, currentLabels);
  await queryLoad(warden.http, exact, WARM_UP_SECONDS); // the replays under way
  const beside = await queryLoad(warden.http, exact, SECONDS);
  const replayed = await replays.stop();
  assertFewFailures("queryLabels exact, no replay running", alone.failed, alone.total);
  assertFewFailures(`queryLabels exact beside ${REPLAYS} replays`, beside.failed, beside.total);
  log(`queryLabels exact p99: ${alone.p99.toFixed(1)} ms alone, ${beside.p99.toFixed(1)} ms beside ${REPLAYS} replays (${replayed.completed} full replays, ${replayed.labels.toLocaleString("en")} labels sent), ${rss(warden)}`);
  rows.push({ figure: "queryLabels exact p99 ms, no replay running", warden: alone.p99, better: "lower", kind: "latency" });
  rows.push({ figure: `queryLabels exact p99 ms, ${REPLAYS} replays from cursor=0 running`, warden: beside.p99, better: "lower", kind: "latency", target: "≤ 2x alone", met: beside.p99 <= 2 * alone.p99 });
  rows.push({ figure: `queryLabels exact req/s, ${REPLAYS} replays from cursor=0 running`, warden: beside.rps, better: "higher" });

  // ── emission through the write API ──
  // Emission refuses undefined values: define the one the bench emits.
  const defined = await fetch(`${warden.http}/api/labeler/definitions`, {
    method: "POST",
    headers: { "content-type": "application/json", "x-moderation-key": ADMIN_TOKEN },
    body: JSON.stringify({ identifier: "spam", severity: "inform", blurs: "none", locales: [{ lang: "en", name: "Spam", description: "Bench value" }] }),
  });
  if (!defined.ok) throw new Error(`defining spam answered ${defined.status}: ${await defined.text()}`);
  let emitted = 0;
  const postLabels = async (labels: { uri: string; val: string }[]) => {
    const answer = await postJson(`${warden.http}/api/labels`, { "x-moderation-key": ADMIN_TOKEN }, { labels });
    if (answer.status !== 201) throw new Error(`/api/labels answered ${answer.status}: ${answer.text}`);
    return (JSON.parse(answer.text) as { labels: { seq: number }[] }).labels.map((label) => label.seq);
  };
  const emitOne = async (uri: string) => {
    const answer = await postJson(`${warden.http}/emit-label`, { "x-moderation-key": ADMIN_TOKEN }, { uri, val: "spam" });
    if (answer.status !== 200) throw new Error(`emit-label answered ${answer.status}: ${answer.text}`);
    return (JSON.parse(answer.text) as { seq: number }).seq;
  };
  await settleAll();
  const ourFanOut = await fanOut(warden.ws, SUBSCRIBERS, 40, () => emitOne(`at://did:plc:fanoutbench/app.bsky.feed.post/${emitted++}`));
  log(`fan-out on warden: p99 ${ourFanOut.p99.toFixed(1)} ms over ${ourFanOut.samples} receipts, ${rss(warden)}`);
  await settleAll();
  const theirFanOut = await fanOut(skyware.ws, SUBSCRIBERS, 40, async () => (await skyware.emit(1))[0]!);
  log(`fan-out on skyware: p99 ${theirFanOut.p99.toFixed(1)} ms`);
  rows.push({ figure: `live fan-out to ${SUBSCRIBERS} subscribers: p50 ms`, warden: ourFanOut.p50, peers: { skyware: theirFanOut.p50 }, better: "lower", kind: "latency" });
  rows.push({ figure: `live fan-out to ${SUBSCRIBERS} subscribers: p99 ms`, warden: ourFanOut.p99, peers: { skyware: theirFanOut.p99 }, better: "lower", kind: "latency", target: "< 100 ms", met: ourFanOut.p99 < 100 });

  // Every acknowledged label must be stored, once, with a signature that verifies.
  const emissionCheck = await openEmissionCheck(databaseUrl, keypair.did());
  const emissions: [figure: string, size: number, inFlight: number, target?: number][] = [
    ["one label per request (POST /emit-label)", 1, IN_FLIGHT, 1_000],
    ["batches of 100 (POST /api/labels)", 100, 1],
    ["batches of 100 (POST /api/labels)", 100, IN_FLIGHT, 5_000],
  ];
  // Ozone emits through its moderation API: emitEvent with a label event, as a moderator
  // (a service JWT), on a post (strongRef); it has no batch call.
  let ozoneEmitted = 0;
  const ozoneCid = "bafyreie5737gdxlw5i64vzichcalba3z2v5n6icifvx5xytvske7mr3hpm";
  const ozoneEmitOne = async (headers: Record<string, string>, uri: string) => {
    const answer = await postJson(`${ozone.http}/xrpc/tools.ozone.moderation.emitEvent`, headers, {
      event: { $type: "tools.ozone.moderation.defs#modEventLabel", createLabelVals: ["spam"], negateLabelVals: [] },
      subject: { $type: "com.atproto.repo.strongRef", uri, cid: ozoneCid },
      createdBy: ozone.ready.did,
    });
    if (answer.status !== 200) throw new Error(`ozone emitEvent answered ${answer.status}: ${answer.text}`);
    ozoneEmitted++;
  };
  for (const [figure, size, inFlight, target] of emissions) {
    const prefix = `at://did:plc:emitbench/app.bsky.feed.post/${size}x${inFlight}-`;
    const seqs: number[] = [];
    const emitBatch = async (batch: number) => {
      if (size === 1) seqs.push(await emitOne(`${prefix}${batch}`));
      else seqs.push(...(await postLabels(Array.from({ length: size }, (_, i) => ({ uri: `${prefix}${batch}-${i}`, val: "spam" })))));
    };
    await settleAll();
    await emission(WARM_UP_SECONDS, size, inFlight, (batch) => emitBatch(-1 - batch));
    await settleAll();
    const [cpuBefore, stored] = [cpuByProcess(), seqs.length];
    const ours = await emission(SECONDS, size, inFlight, emitBatch);
    const cpu = cpuPerLabel(cpuBefore, seqs.length - stored);
    await emissionCheck(prefix, seqs);
    log(`emission on warden, ${figure}, ${inFlight} in flight: ${ours.toFixed(0)} labels/s (${seqs.length} stored and checked; CPU ms per label: ${cpu})`);
    await settleAll();
    await emission(WARM_UP_SECONDS, size, inFlight, async () => void (await skyware.emit(size)));
    await settleAll();
    const theirs = await emission(SECONDS, size, inFlight, async () => void (await skyware.emit(size)));
    log(`emission on skyware, ${size} at a time, ${inFlight} in flight: ${theirs.toFixed(0)} labels/s`);
    let ozones: number | undefined;
    if (size === 1) {
      const ozonePrefix = `at://did:plc:emitbench/app.bsky.feed.post/ozone-${inFlight}-`;
      await settleAll();
      let headers = await ozone.headers();
      await emission(WARM_UP_SECONDS, 1, inFlight, (batch) => ozoneEmitOne(headers, `${ozonePrefix}warm-${batch}`));
      await settleAll();
      headers = await ozone.headers(); // service JWTs expire after a minute
      const before = ozoneEmitted;
      const cpuBefore = cpuByProcess();
      ozones = await emission(SECONDS, 1, inFlight, (batch) => ozoneEmitOne(headers, `${ozonePrefix}m-${batch}`));
      const cpu = cpuPerLabel(cpuBefore, ozoneEmitted - before);
      const stored = await countRows(databaseUrl, `SELECT count(*) AS n FROM "${ozone.ready.schema}".label WHERE left(uri, length($1)) = $1`, [`${ozonePrefix}m-`]);
      if (stored !== ozoneEmitted - before) throw new Error(`ozone emission: ${ozoneEmitted - before} acknowledged, ${stored} stored`);
      log(`emission on ozone, one label per emitEvent, ${inFlight} in flight: ${ozones.toFixed(0)} labels/s (${stored} stored; CPU ms per label: ${cpu})`);
    }
    rows.push({
      figure: `emission, ${figure}, ${inFlight} in flight: labels/s`,
      warden: ours,
      peers: { ...(ozones !== undefined && { ozone: ozones }), skyware: theirs },
      better: "higher",
      ...(target && { target: `≥ ${target.toLocaleString("en")}/s${ozones !== undefined ? ", ≥ 10x Ozone" : ""}`, met: ours >= target && (ozones === undefined || ours >= 10 * ozones) }),
    });
  }

  rows.push({
    figure: "RSS, peak over the run, MB (Warden + its PostgreSQL now)",
    warden: memory(warden.child).peakMb + postgresMb(),
    peers: { ozone: memory(ozone.child).peakMb + postgresMb(), skyware: memory(skyware.child).peakMb },
    better: "lower",
    kind: "memory",
  });
  rows.push({ figure: "Warden's own RSS, peak over the run, MB", warden: memory(warden.child).peakMb, better: "lower", kind: "memory", target: "< 400 MB", met: memory(warden.child).peakMb < 400 });

  // `npm start` with no database configured: the embedded PGlite, first start and restart.
  for (const service of running.splice(0).reverse()) await service.stop(); // their CPU and memory out of the way
  if (process.env.BENCH_EMBEDDED !== "0") {
    const embeddedDir = path.join(work, "embedded");
    for (const start of ["first start", "restart"]) {
      const embedded = await embeddedIdleMemory(embeddedDir, ADMIN_TOKEN);
      log(`embedded Warden, ${start}: ${embedded.idleMb.toFixed(0)} MB RSS idle after the dashboard's pages, ${embedded.peakMb.toFixed(0)} MB peak`);
      rows.push({ figure: `embedded (PGlite), ${start}: RSS idle after the pages, MB`, warden: embedded.idleMb, better: "lower", kind: "memory", target: "< 250 MB", met: embedded.idleMb < 250 });
      rows.push({ figure: `embedded (PGlite), ${start}: peak RSS, MB`, warden: embedded.peakMb, better: "lower", kind: "memory" });
    }
  }

  printReport(rows, ["ozone", "raw ceiling", "skyware"], [
    `${LABELS.toLocaleString("en")} labels (${currentLabels.toLocaleString("en")} current), ${cpus().length} cores shared by every server, PostgreSQL (fsync on) and the clients; load at the end ${loadavg().map((n) => n.toFixed(1)).join(" ")}.`,
    `queryLabels: ${REPETITIONS} repetitions, Warden, Ozone and the raw ceiling interleaved (each first, second and third once), each on the same request sequence after the same ${WARM_UP_SECONDS} s warm-up (drained);`,
    `${SAMPLES} sampled answers per side, shape and repetition checked against every row of the labels table (labels, order, cursor, signatures;`,
    "Ozone's exact and prefix answers in any order, as its query has no ORDER BY; its pages are checked in order and differences reported, not failed).",
    "Ozone: @atproto/ozone 0.4.2 from @atproto/dev-env (TestOzone, no PDS or AppView: labels need neither), in its own schema of the same database, holding the same signed labels (its key, its DID) in its own label table",
    "(one row per src, uri, cid, val: the current labels); its process also runs dev-env's in-memory PLC directory, counted in its RSS.",
    "Raw ceiling: node:http + pg, Warden's SQL (queryLabelsSql) as a named statement and the same JSON; nothing else.",
    "skyware (secondary peer): its labels table has no index on uri, so its queryLabels scans the table per request and is not compared here;",
    "it emits through its in-process createLabel, one label at a time whatever the batch (its HTTP emitEvent needs a service JWT resolved online). SQLite in WAL mode.",
    "Memory: each side's RSS plus the PSS of every process of the bench's PostgreSQL (which holds Warden's, Ozone's and the raw server's data); skyware's SQLite is in its process.",
    "Replay counts what each sends for cursor=0: Warden and Ozone the current labels, skyware every row ever written.",
    "Emission: Warden through POST /emit-label (one label) and POST /api/labels (batches), Ozone through emitEvent (a label event on a post, as a moderator), each acknowledged label checked stored; one client for both, node:http on kept-alive sockets.",
    `Replay isolation: the exact-URI load alone, then beside ${REPLAYS} clients each replaying every current label from cursor=0, again and again.`,
    "Embedded: npm start's Node flags and environment on a new PGlite folder, RSS once idle after logging in and loading the dashboard's pages.",
  ]);
} finally {
  closeClients();
  for (const service of running.reverse()) await service.stop();
  await admin(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`).catch(() => {});
  throwaway?.stop();
  rmSync(work, { recursive: true, force: true });
}

/** A request path generator drawing from a seeded generator: every side gets the same sequence. */
function sequence(pathOf: (random: () => number) => string, seed: number): () => string {
  let state = seed * 2654435761 + 1;
  const random = () => {
    // mulberry32
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return () => pathOf(random);
}

async function countRows(url: string, sql: string, values: unknown[] = []): Promise<number> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return Number((await client.query<{ n: string }>(sql, values)).rows[0]!.n);
  } finally {
    await client.end();
  }
}

/** Checks that the labels acknowledged under a URI prefix are stored once each, with these seqs, and sign correctly (a sample). */
async function openEmissionCheck(url: string, didKey: string): Promise<(prefix: string, seqs: number[]) => Promise<void>> {
  const { verifyLabel } = await import("@/lib/labels/sign-label");
  const { labelFromRow } = await import("@/lib/labels/label-codec");
  return async (prefix, seqs) => {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      client.setTypeParser(1114, (text: string) => new Date(`${text.replace(" ", "T")}Z`));
      const rows = (await client.query("SELECT * FROM labels WHERE left(uri, length($1)) = $1 AND seq = ANY($2::int8[]) ORDER BY seq", [prefix, seqs])).rows;
      if (new Set(seqs).size !== seqs.length || rows.length !== seqs.length) throw new Error(`emission under ${prefix}: ${seqs.length} acknowledged, ${rows.length} stored`);
      for (const row of rows.filter((_, i) => i % Math.max(1, Math.floor(rows.length / 20)) === 0)) {
        const { seq, ...label } = labelFromRow(row);
        if (!(await verifyLabel(label, didKey))) throw new Error(`emitted label ${seq} does not verify`);
      }
    } finally {
      await client.end();
    }
  };
}
