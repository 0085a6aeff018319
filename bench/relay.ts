// `npm run bench:relay`: the strfry write-policy plugin through its real protocol
// (JSONL on stdin, replies on stdout) against the real Warden server (server/main.ts with
// npm start's Node flags), beside an "echo accept" plugin in the same language (the
// protocol's ceiling) and the seed's design (an HTTP call and a database insert per
// event, in a small process of its own), all in this run, on loopback. Every reply is
// checked, and every held event must be in Warden's queue afterwards (read through its
// admin API). Bounded: it stops by itself (BENCH_TIMEOUT_SECONDS, default 600).
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import path from "node:path";
import { createInterface } from "node:readline";
import { initNostrWasm } from "nostr-wasm";
import { queryTestServer } from "../test/support/test-run";
import { memory, settle, startWarden, type Running } from "./labels/servers.ts";

const SECRET = randomBytes(24).toString("hex");
const ADMIN_TOKEN = `bench-${randomBytes(16).toString("hex")}`;
const N = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
const SIZES = {
  sequential: N("BENCH_SEQUENTIAL", 30_000),
  sequentialMixed: N("BENCH_SEQUENTIAL_MIXED", 5_000),
  seed: N("BENCH_SEED", 2_000),
  pipelined: N("BENCH_PIPELINED", 150_000),
  pipelinedMixed: N("BENCH_PIPELINED_MIXED", 50_000),
  held: N("BENCH_HELD", 10_000),
};
const WINDOW = N("BENCH_WINDOW", 256);
// The snapshot's size: this many more trusted and member pubkeys than the authors used.
// They are set one request each through the admin API (~50/s on PGlite on a loaded
// 2-core machine), hence 2,000 (the plugin looks pubkeys up in a Map: its cost does not
// grow with the snapshot).
const EXTRA_PUBKEYS = N("BENCH_PUBKEYS", 2_000);
const HELD_WINDOW = N("BENCH_HELD_WINDOW", 2_000);
// Pubkeys are set through Warden's admin API one per request, this many in flight.
const SEED_IN_FLIGHT = 16;
const WARMUP = 2_000;
const ROUNDS = 3;

type Run = { label: string; events: number; perSecond: number; p50: number; p99: number; actions: Record<string, number> };

const children: ChildProcess[] = [];
const timeout = setTimeout(() => fail(`timed out after ${N("BENCH_TIMEOUT_SECONDS", 600)} s`), N("BENCH_TIMEOUT_SECONDS", 600) * 1000);
timeout.unref();

function fail(message: string): never {
  for (const child of children) child.kill("SIGKILL");
  console.error(`bench:relay failed: ${message}`);
  process.exit(1);
}

// ── events ───────────────────────────────────────────────────────────────────
const hex = (bytes: number) => randomBytes(bytes).toString("hex");
const now = Math.floor(Date.now() / 1000);
const trustedPubkeys = Array.from({ length: 100 }, () => hex(32));
const request = (event: object) => JSON.stringify({ type: "new", event, receivedAt: now, sourceType: "IP4", sourceInfo: "127.0.0.1" });
const idOf = (line: string) => (JSON.parse(line) as { event: { id: string } }).event.id;

/** Trusted authors' events: well-formed, signatures as strfry would have verified them (the plugin does not re-verify accepts). */
function trustedLines(count: number): string[] {
  return Array.from({ length: count }, (_, i) =>
    request({ id: hex(32), pubkey: trustedPubkeys[i % 100], created_at: now, kind: 1, tags: [["t", "bench"]], content: `bench note ${i} ${"x".repeat(80)}`, sig: hex(64) }),
  );
}

/** Members' events, really signed: Warden verifies every event it queues. */
async function heldLines(count: number): Promise<{ lines: string[]; members: string[] }> {
  const nostr = await initNostrWasm();
  const keys = Array.from({ length: 20 }, () => nostr.generateSecretKey());
  const members = keys.map((key) => Buffer.from(nostr.getPublicKey(key)).toString("hex"));
  const lines = Array.from({ length: count }, (_, i) => {
    const event = { kind: 1, created_at: now, tags: [["t", "bench"]], content: `held note ${i} ${"y".repeat(80)}` } as Parameters<typeof nostr.finalizeEvent>[0];
    nostr.finalizeEvent(event, keys[i % keys.length]!);
    return request(event);
  });
  return { lines, members };
}

/** One held line in every ten. */
const mix = (trusted: string[], held: string[]) => trusted.map((line, i) => (i % 10 === 9 ? held[(i - 9) / 10]! : line));

/** A fresh database: a PGlite folder, or with BENCH_DATABASE_URL a database of its own on that server, dropped at the end. */
async function throwawayDatabase(): Promise<{ env: Record<string, string>; drop(): Promise<void> }> {
  const dataDir = mkdtempSync(path.join(tmpdir(), "warden-bench-"));
  const serverUrl = process.env.BENCH_DATABASE_URL;
  if (!serverUrl) return { env: { DATA_DIR: dataDir, DATABASE_URL: "" }, drop: async () => rmSync(dataDir, { recursive: true, force: true }) };
  const name = `warden_bench_relay_${hex(4)}`;
  const admin = async (sql: string) => void (await queryTestServer(serverUrl, sql));
  await admin(`CREATE DATABASE "${name}"`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    env: { DATA_DIR: dataDir, DATABASE_URL: url.href },
    drop: async () => (rmSync(dataDir, { recursive: true, force: true }), admin(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)),
  };
}

// ── processes ────────────────────────────────────────────────────────────────
const node = process.execPath;

function spawnPlugin(kind: "warden" | "echo" | "seed", wardenUrl: string): ChildProcess {
  const env = { PATH: process.env.PATH, NODE_ENV: "production" as const, WARDEN_URL: wardenUrl, RELAY_SECRET: SECRET };
  const child =
    kind === "warden"
      ? spawn("sh", ["-c", path.resolve("bin/strfry-policy")], { cwd: tmpdir(), env })
      : spawn(node, ["--disable-warning=ExperimentalWarning", `bench/relay/${kind}-plugin.ts`], { env });
  child.stderr!.on("data", (chunk) => process.stderr.write(`[${kind} plugin] ${chunk}`));
  children.push(child);
  return child;
}

/** The seed's design (bench/relay/seed-server.ts) in its own process and database; its URL once it listens. */
async function startSeedServer(env: Record<string, string>, members: string[]): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(node, ["node_modules/tsx/dist/cli.mjs", "bench/relay/seed-server.ts"], {
    env: {
      ...process.env,
      ...env,
      NODE_ENV: "production",
      LOG_LEVEL: "silent",
      BENCH_AUTHORS: JSON.stringify({ trusted: trustedPubkeys, member: members }),
      BENCH_EXTRA_PUBKEYS: String(EXTRA_PUBKEYS),
    },
    stdio: ["pipe", "pipe", "inherit"],
  });
  children.push(child);
  child.once("exit", (code) => fail(`the seed design's server exited with ${code}`));
  const url = await new Promise<string>((resolve) => {
    createInterface({ input: child.stdout! }).on("line", (line) => line.startsWith("READY ") && resolve(line.slice(6)));
  });
  return { url, child };
}

/** A call to Warden's admin API with the admin token; anything but 2xx fails the run. */
async function adminApi<T>(warden: Running, method: "GET" | "POST", pathname: string, body?: object): Promise<T> {
  const response = await fetch(`${warden.http}${pathname}`, {
    method,
    headers: { "content-type": "application/json", "x-moderation-key": ADMIN_TOKEN },
    body: body && JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) fail(`${method} ${pathname}: ${response.status} ${text.slice(0, 200)}`);
  return JSON.parse(text) as T;
}

/** Sets every pubkey's tier through POST /api/relay/pubkeys (audited, in the plugin's snapshot), some in flight. */
async function seedPubkeys(warden: Running, entries: { pubkey: string; tier: "trusted" | "member" }[]): Promise<number> {
  const started = performance.now();
  let next = 0;
  const worker = async () => {
    for (let entry = entries[next++]; entry; entry = entries[next++]) {
      const answer = await adminApi<{ tier: string }>(warden, "POST", "/api/relay/pubkeys", entry);
      if (answer.tier !== entry.tier) fail(`POST /api/relay/pubkeys answered tier ${answer.tier} for ${entry.tier}`);
    }
  };
  await Promise.all(Array.from({ length: SEED_IN_FLIGHT }, worker));
  return (entries.length / (performance.now() - started)) * 1000;
}

/** The ids of every pending event in Warden's queue, paged through GET /api/relay/queue. */
async function pendingIds(warden: Running): Promise<Set<string>> {
  const ids = new Set<string>();
  let before: string | undefined;
  do {
    const page = await adminApi<{ events: { id: string }[]; next?: string }>(
      warden,
      "GET",
      `/api/relay/queue?status=pending&limit=500${before ? `&before=${encodeURIComponent(before)}` : ""}`,
    );
    for (const event of page.events) ids.add(event.id);
    before = page.next;
  } while (before);
  return ids;
}

/** Fails the run unless exactly these held events were added to the pending queue since `before`. */
async function assertQueued(warden: Running, before: Set<string>, lines: string[]): Promise<number> {
  const after = await pendingIds(warden);
  const missing = lines.map(idOf).filter((id) => !after.has(id) || before.has(id));
  if (missing.length) fail(`${missing.length} of ${lines.length} held events are not pending in Warden's queue (e.g. ${missing[0]})`);
  if (after.size - before.size !== lines.length) fail(`Warden's pending queue grew by ${after.size - before.size}, not by the ${lines.length} held events sent`);
  return after.size - before.size;
}

/** Server CPU time (user + system, every thread; PGlite runs in it) in ms, from /proc (10 ms ticks). */
function cpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

/** Peak resident memory of a process or its largest descendant (`sh -c` starts the plugin as a child), in MB (Linux). */
function peakRssMb(pid: number): number {
  const own = Number(/VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1] ?? 0) / 1024;
  const children = readFileSync(`/proc/${pid}/task/${pid}/children`, "utf8").split(" ").filter(Boolean).map(Number);
  return Math.max(own, ...children.map(peakRssMb));
}

// Held events are stored and answered shadowReject; every other event here is a trusted author's: accept.
const heldIds = new Set<string>();
const expectedAction = (id: string) => (heldIds.has(id) ? "shadowReject" : "accept");

/**
 * Drives a plugin as strfry would, but with up to `window` requests in flight (1 =
 * strfry today). Latency is from writing a request to reading its reply. A reply that
 * is not the expected action, or for an id not asked or answered twice, fails the run.
 */
function drive(plugin: ChildProcess, lines: string[], window: number): Promise<Omit<Run, "label">> {
  const ids = lines.map(idOf);
  const index = new Map(ids.map((id, i) => [id, i]));
  const sentAt = new Float64Array(lines.length);
  const latency = new Float64Array(lines.length).fill(-1);
  const actions: Record<string, number> = {};
  let sent = 0;
  let answered = 0;
  const send = (count: number) => {
    const end = Math.min(lines.length, sent + count);
    if (end <= sent) return;
    const at = performance.now();
    for (let i = sent; i < end; i++) sentAt[i] = at;
    plugin.stdin!.write(`${lines.slice(sent, end).join("\n")}\n`);
    sent = end;
  };
  return new Promise((resolve) => {
    const replies = createInterface({ input: plugin.stdout! });
    const started = performance.now();
    replies.on("line", (line) => {
      const reply = JSON.parse(line) as { id: string; action: string; msg?: string };
      const i = index.get(reply.id);
      if (i === undefined) fail(`reply for an unknown id: ${line.slice(0, 120)}`);
      if (latency[i]! >= 0) fail(`two replies for one event: ${line.slice(0, 120)}`);
      if (reply.action !== expectedAction(reply.id)) fail(`expected ${expectedAction(reply.id)}, got: ${line.slice(0, 200)}`);
      latency[i] = performance.now() - sentAt[i]!;
      actions[reply.action] = (actions[reply.action] ?? 0) + 1;
      answered += 1;
      if (answered === lines.length) {
        const elapsed = performance.now() - started;
        replies.close();
        const sorted = latency.sort();
        const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]! * 1000;
        resolve({ events: lines.length, perSecond: (lines.length / elapsed) * 1000, p50: at(0.5), p99: at(0.99), actions });
      } else if (sent - answered < window) {
        send(window - (sent - answered));
      }
    });
    send(window);
  });
}

async function measure(label: string, plugin: ChildProcess, lines: string[], window: number): Promise<Run> {
  const run = { label, ...(await drive(plugin, lines, window)) };
  console.error(`  ${label}: ${Math.round(run.perSecond).toLocaleString("en")} events/s, plugin peak RSS ${peakRssMb(plugin.pid!).toFixed(0)} MB`);
  return run;
}

async function stop(child: ChildProcess): Promise<void> {
  const exited = new Promise((resolve) => child.once("exit", resolve));
  child.stdin!.end();
  child.kill("SIGTERM");
  await exited;
}

// ── the run ──────────────────────────────────────────────────────────────────
// The admin API (pubkeys, queue) is served by Next's production build.
if (!existsSync(".next/BUILD_ID")) fail("no production build: run `npm run build` first (the bench starts the real server)");
const loadBefore = loadavg()[0]!;
console.error("preparing events (signing the held ones)…");
// Each run with held events gets its own, so that each one's must all be newly queued.
const heldCounts = [SIZES.sequentialMixed / 10, SIZES.pipelinedMixed / 10, SIZES.held].map(Math.floor);
const held = await heldLines(heldCounts.reduce((a, b) => a + b, 0));
for (const line of held.lines) heldIds.add(idOf(line));
const [heldSequential, heldPipelined, heldOnly] = [0, 1, 2].map((k) => {
  const start = heldCounts.slice(0, k).reduce((a, b) => a + b, 0);
  return held.lines.slice(start, start + heldCounts[k]!);
}) as [string[], string[], string[]];

const wardenDatabase = await throwawayDatabase();
const seedDatabase = await throwawayDatabase();
const database = process.env.BENCH_DATABASE_URL ? "PostgreSQL server" : "embedded PGlite";
// No triage run may decide held events while the bench counts them as pending.
delete process.env.TRIAGE_INTERVAL;
const warden = await startWarden({ env: { RELAY_SECRET: SECRET, ADMIN_TOKEN, ...wardenDatabase.env } }).catch((error: Error) => fail(error.message));
children.push(warden.child);
const wardenDied = (code: number | null) => fail(`Warden exited with ${code}`);
warden.child.once("exit", wardenDied);
console.error(`Warden (server/main.ts) at ${warden.http} on ${database}`);

const filler = (count: number) => Array.from({ length: count }, () => hex(32));
const pubkeys = [
  ...[...trustedPubkeys, ...filler(EXTRA_PUBKEYS)].map((pubkey) => ({ pubkey, tier: "trusted" as const })),
  ...[...held.members, ...filler(EXTRA_PUBKEYS)].map((pubkey) => ({ pubkey, tier: "member" as const })),
];
console.error(`setting ${pubkeys.length.toLocaleString("en")} pubkeys' tiers through POST /api/relay/pubkeys…`);
const pubkeysPerSecond = await seedPubkeys(warden, pubkeys);
const seedServer = await startSeedServer(seedDatabase.env, held.members);
await settle(warden);
const resetSeed = async () => {
  const response = await fetch(`${seedServer.url}/reset`, { method: "POST" });
  if (!response.ok) fail(`seed reset: ${response.status}`);
};

const sequential: Run[] = [];
const pipelined: Run[] = [];
let rss = 0;
let heldStats = { stored: 0, cpuMs: 0 };
let seedRun: Run | undefined;
{
  // Accepts: echo, warden and the seed's design in alternating rounds, each the median of
  // its rounds, so that a burst of other work on the machine does not land on one of them
  // only; each gets the same warm-up first.
  const echo = spawnPlugin("echo", warden.http);
  const plugin = spawnPlugin("warden", warden.http);
  const seed = spawnPlugin("seed", seedServer.url);
  for (const each of [echo, plugin]) await drive(each, trustedLines(WARMUP), WINDOW);
  await drive(seed, trustedLines(WARMUP), 1);
  const rounds: Record<string, Run[]> = {};
  for (let round = 0; round < ROUNDS; round++) {
    for (const [label, each] of [["echo accept (ceiling)", echo], ["warden, 100% trusted", plugin]] as const) {
      (rounds[`1 ${label}`] ??= []).push(await measure(label, each, trustedLines(Math.round(SIZES.sequential / ROUNDS)), 1));
      (rounds[`n ${label}`] ??= []).push(await measure(label, each, trustedLines(Math.round(SIZES.pipelined / ROUNDS)), WINDOW));
    }
    await resetSeed(); // the seed's design stores every event: each round starts from the same table
    const label = "seed design (HTTP + DB insert per event)";
    (rounds[`1 ${label}`] ??= []).push(await measure(label, seed, trustedLines(Math.round(SIZES.seed / ROUNDS)), 1));
  }
  const median = (key: string) => [...rounds[key]!].sort((a, b) => a.perSecond - b.perSecond)[Math.floor(ROUNDS / 2)]!;
  sequential.push(median("1 echo accept (ceiling)"), median("1 warden, 100% trusted"));
  pipelined.push(median("n echo accept (ceiling)"), median("n warden, 100% trusted"));
  seedRun = median("1 seed design (HTTP + DB insert per event)");
  await stop(seed);
  await stop(echo);

  let pending = await pendingIds(warden);
  sequential.push(await measure("warden, 90% trusted / 10% held", plugin, mix(trustedLines(SIZES.sequentialMixed), heldSequential), 1));
  await assertQueued(warden, pending, heldSequential);
  pending = await pendingIds(warden);
  pipelined.push(await measure("warden, 90% trusted / 10% held", plugin, mix(trustedLines(SIZES.pipelinedMixed), heldPipelined), WINDOW));
  await assertQueued(warden, pending, heldPipelined);
  pending = await pendingIds(warden);
  await settle(warden);
  const cpuBefore = cpuMs(warden.child.pid!);
  pipelined.push(await measure("warden, 100% held (stored durably)", plugin, heldOnly, HELD_WINDOW));
  const cpu = cpuMs(warden.child.pid!) - cpuBefore;
  heldStats = { stored: await assertQueued(warden, pending, heldOnly), cpuMs: cpu };
  rss = peakRssMb(plugin.pid!);
  await stop(plugin);
}
sequential.push(seedRun!);
const wardenRss = memory(warden.child).peakMb;
warden.child.off("exit", wardenDied);
await warden.stop();
seedServer.child.removeAllListeners("exit");
await stop(seedServer.child);
await wardenDatabase.drop();
await seedDatabase.drop();

// ── report ───────────────────────────────────────────────────────────────────
const fmt = (n: number) => Math.round(n).toLocaleString("en");
/** "2.1x faster" or "1.3x slower": higher is better for rates. */
const faster = (warden: number, other: number) => (warden >= other ? `${(warden / other).toFixed(1)}x faster` : `${(other / warden).toFixed(1)}x slower`);
function table(title: string, runs: Run[]) {
  const echo = runs[0]!.perSecond;
  console.log(`\n${title}`);
  console.log(`  ${"plugin".padEnd(44)}${"events".padStart(8)}${"events/s".padStart(11)}${"p50 µs".padStart(12)}${"p99 µs".padStart(12)}${"vs echo".padStart(9)}  replies`);
  for (const run of runs) {
    const replies = Object.entries(run.actions).map(([action, count]) => `${action} ${count}`).join(", ");
    console.log(
      `  ${run.label.padEnd(44)}${fmt(run.events).padStart(8)}${fmt(run.perSecond).padStart(11)}${fmt(run.p50).padStart(12)}${fmt(run.p99).padStart(12)}${`${Math.round((run.perSecond / echo) * 100)}%`.padStart(9)}  ${replies}`,
    );
  }
}
console.log(`\nWarden relay write-policy benchmark: Node ${process.version}, ${cpus().length} CPUs, the real server (server/main.ts, npm start's flags) on ${database}, loopback`);
console.log(`machine load average: ${loadBefore.toFixed(1)} before, ${loadavg().map((n) => n.toFixed(1)).join(" ")} after (other work on the machine slows every figure)`);
console.log(
  `snapshot: ${fmt(trustedPubkeys.length + EXTRA_PUBKEYS)} trusted and ${fmt(held.members.length + EXTRA_PUBKEYS)} member pubkeys, set through POST /api/relay/pubkeys ` +
    `(${fmt(pubkeysPerSecond)}/s, ${SEED_IN_FLIGHT} in flight); held events are id- and signature-verified, then committed before their reply; every reply checked`,
);
table(`one request in flight (how strfry drives its plugin today); echo, warden 100% trusted and the seed design: median of ${ROUNDS} alternating rounds after a ${fmt(WARMUP)}-event warm-up each`, sequential);
table(`pipelined (${WINDOW} requests in flight; ${HELD_WINDOW} for the 100% held run); echo and warden 100% trusted: median of ${ROUNDS} alternating rounds`, pipelined);

const find = (runs: Run[], label: string) => runs.find((run) => run.label.startsWith(label))!;
const seqTrusted = find(sequential, "warden, 100%");
const pipeTrusted = find(pipelined, "warden, 100% trusted");
const heldRun = find(pipelined, "warden, 100% held");
const seed = find(sequential, "seed");
const check = (ok: boolean) => (ok ? "PASS" : "FAIL");
console.log(`\nplugin peak RSS: ${rss.toFixed(1)} MB; Warden server peak RSS: ${wardenRss.toFixed(0)} MB`);
const cpuPerHeld = heldStats.cpuMs / Math.max(1, heldStats.stored);
const cpuScope = process.env.BENCH_DATABASE_URL ? "the server process; PostgreSQL's own CPU not included" : "the server process, embedded PGlite included";
console.log(
  `100% held run: ${fmt(heldStats.stored)} events newly pending in Warden's queue (read back through GET /api/relay/queue); ` +
    `Warden's CPU time ${cpuPerHeld.toFixed(2)} ms per held event (verify, store, commit; ${cpuScope}), i.e. ${fmt(1000 / cpuPerHeld)} held events/s per CPU it gets`,
);
console.log(`warden vs seed design, one in flight: Warden ${faster(seqTrusted.perSecond, seed.perSecond)} (events/s), p50 ${fmt(seqTrusted.p50)} µs vs ${fmt(seed.p50)} µs`);
console.log("\ntargets");
console.log(`  ≥20,000 accept/reject decisions/s: ${check(pipeTrusted.perSecond >= 20_000)} pipelined ${fmt(pipeTrusted.perSecond)}/s; ${check(seqTrusted.perSecond >= 20_000)} one in flight ${fmt(seqTrusted.perSecond)}/s`);
console.log(`  ≥50% of the echo ceiling:           ${check(pipeTrusted.perSecond >= 0.5 * pipelined[0]!.perSecond)} pipelined ${Math.round((pipeTrusted.perSecond / pipelined[0]!.perSecond) * 100)}%; ${check(seqTrusted.perSecond >= 0.5 * sequential[0]!.perSecond)} one in flight ${Math.round((seqTrusted.perSecond / sequential[0]!.perSecond) * 100)}%`);
console.log(`  ≥2,000 held events/s stored:        ${check(heldRun.perSecond >= 2_000)} ${fmt(heldRun.perSecond)}/s`);
console.log(`  ≥3,000 held events/s stored through the real server (issue 18): ${check(heldRun.perSecond >= 3_000)} ${fmt(heldRun.perSecond)}/s`);
console.log(`  plugin RSS < 150 MB:                ${check(rss < 150)} ${rss.toFixed(1)} MB`);
process.exit(0);
