// `npm run bench:relay`: the strfry write-policy plugin through its real protocol
// (JSONL on stdin, replies on stdout), beside an "echo accept" plugin in the same
// language (the protocol's ceiling) and the seed's design (an HTTP call and a
// database insert per event), all in this run, on loopback. Bounded: it stops by
// itself (BENCH_TIMEOUT_SECONDS, default 300).
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import path from "node:path";
import { createInterface } from "node:readline";
import { initNostrWasm } from "nostr-wasm";
import { queryTestServer } from "../test/support/test-run";

const SECRET = randomBytes(24).toString("hex");
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
const EXTRA_PUBKEYS = N("BENCH_PUBKEYS", 10_000);
const HELD_WINDOW = N("BENCH_HELD_WINDOW", 2_000);
const WARMUP = 2_000;
const ROUNDS = 3;

type Run = { label: string; events: number; perSecond: number; p50: number; p99: number; actions: Record<string, number> };

const children: ChildProcess[] = [];
const timeout = setTimeout(() => fail(`timed out after ${N("BENCH_TIMEOUT_SECONDS", 300)} s`), N("BENCH_TIMEOUT_SECONDS", 300) * 1000);
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

/** BENCH_DATABASE_URL names a server: the bench works in a database of its own there, dropped at the end. */
async function throwawayDatabase(serverUrl: string): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `warden_bench_relay_${hex(4)}`;
  const admin = async (sql: string) => void (await queryTestServer(serverUrl, sql));
  await admin(`CREATE DATABASE "${name}"`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return { url: url.href, drop: () => admin(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`) };
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

/** Peak resident memory of a process or its largest descendant (`sh -c` starts the plugin as a child), in MB (Linux). */
function peakRssMb(pid: number): number {
  const own = Number(/VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1] ?? 0) / 1024;
  const children = readFileSync(`/proc/${pid}/task/${pid}/children`, "utf8").split(" ").filter(Boolean).map(Number);
  return Math.max(own, ...children.map(peakRssMb));
}

/**
 * Drives a plugin as strfry would, but with up to `window` requests in flight (1 =
 * strfry today). Latency is from writing a request to reading its reply.
 */
function drive(plugin: ChildProcess, lines: string[], window: number): Promise<Omit<Run, "label">> {
  const ids = lines.map((line) => JSON.parse(line).event.id as string);
  const index = new Map(ids.map((id, i) => [id, i]));
  const sentAt = new Float64Array(lines.length);
  const latency = new Float64Array(lines.length);
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
      const reply = JSON.parse(line) as { id: string; action: string };
      const i = index.get(reply.id);
      if (i === undefined) fail(`reply for an unknown id: ${line.slice(0, 120)}`);
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

async function measure(label: string, plugin: ChildProcess, lines: string[], window: number, warmup: string[] = []): Promise<Run> {
  if (warmup.length) await drive(plugin, warmup, window);
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
const loadBefore = loadavg()[0]!;
console.error("preparing events (signing the held ones)…");
const held = await heldLines(Math.max(SIZES.held, SIZES.pipelinedMixed / 10, SIZES.sequentialMixed / 10));
const dataDir = mkdtempSync(path.join(tmpdir(), "warden-bench-"));
const postgres = process.env.BENCH_DATABASE_URL ? await throwawayDatabase(process.env.BENCH_DATABASE_URL) : null;
const server = spawn(node, ["node_modules/tsx/dist/cli.mjs", "bench/relay/bench-server.ts"], {
  env: {
    ...process.env,
    NODE_ENV: "production",
    LOG_LEVEL: "silent",
    RELAY_SECRET: SECRET,
    DATA_DIR: dataDir,
    DATABASE_URL: postgres?.url ?? "",
    BENCH_AUTHORS: JSON.stringify({ trusted: trustedPubkeys, member: held.members }),
    BENCH_EXTRA_PUBKEYS: String(EXTRA_PUBKEYS),
  },
  stdio: ["pipe", "pipe", "inherit"],
});
children.push(server);
const serverDied = (code: number | null) => fail(`bench server exited with ${code}`);
server.once("exit", serverDied);
const wardenUrl = await new Promise<string>((resolve) => {
  createInterface({ input: server.stdout! }).on("line", (line) => line.startsWith("READY ") && resolve(line.slice(6)));
});
const reset = () => fetch(`${wardenUrl}/bench/reset`, { method: "POST" });
const database = postgres ? "PostgreSQL server" : "embedded PGlite";
console.error(`Warden at ${wardenUrl} on ${database}`);

const sequential: Run[] = [];
const pipelined: Run[] = [];
let rss = 0;
let heldBatches = { count: 0, events: 0, ms: 0, cpuMs: 0 };
let seedRun: Run | undefined;
{
  // Accepts: echo, warden and the seed's design in alternating rounds, each the median of
  // its rounds, so that a burst of other work on the machine does not land on one of them only.
  const echo = spawnPlugin("echo", wardenUrl);
  const warden = spawnPlugin("warden", wardenUrl);
  const seed = spawnPlugin("seed", wardenUrl);
  for (const plugin of [echo, warden]) await drive(plugin, trustedLines(WARMUP), WINDOW);
  await drive(seed, trustedLines(200), 1);
  const rounds: Record<string, Run[]> = {};
  for (let round = 0; round < ROUNDS; round++) {
    for (const [label, plugin] of [["echo accept (ceiling)", echo], ["warden, 100% trusted", warden]] as const) {
      (rounds[`1 ${label}`] ??= []).push(await measure(label, plugin, trustedLines(Math.round(SIZES.sequential / ROUNDS)), 1));
      (rounds[`n ${label}`] ??= []).push(await measure(label, plugin, trustedLines(Math.round(SIZES.pipelined / ROUNDS)), WINDOW));
    }
    await reset(); // the seed's design stores every event: each round starts from the same table
    const label = "seed design (HTTP + DB insert per event)";
    (rounds[`1 ${label}`] ??= []).push(await measure(label, seed, trustedLines(Math.round(SIZES.seed / ROUNDS)), 1));
  }
  const median = (key: string) => [...rounds[key]!].sort((a, b) => a.perSecond - b.perSecond)[Math.floor(ROUNDS / 2)]!;
  sequential.push(median("1 echo accept (ceiling)"), median("1 warden, 100% trusted"));
  pipelined.push(median("n echo accept (ceiling)"), median("n warden, 100% trusted"));
  seedRun = median("1 seed design (HTTP + DB insert per event)");
  await stop(seed);
  await stop(echo);

  await reset();
  sequential.push(await measure("warden, 90% trusted / 10% held", warden, mix(trustedLines(SIZES.sequentialMixed), held.lines), 1));
  await reset();
  pipelined.push(await measure("warden, 90% trusted / 10% held", warden, mix(trustedLines(SIZES.pipelinedMixed), held.lines), WINDOW));
  await reset();
  pipelined.push(await measure("warden, 100% held (stored durably)", warden, held.lines.slice(0, SIZES.held), HELD_WINDOW));
  const { stored, batches, cpuMs } = (await (await fetch(`${wardenUrl}/bench/held`)).json()) as {
    stored: number;
    batches: { size: number; ms: number }[];
    cpuMs: number;
  };
  if (stored !== SIZES.held) fail(`expected ${SIZES.held} held events in the database, found ${stored}`);
  const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);
  heldBatches = { count: batches.length, events: sum(batches.map((b) => b.size)), ms: sum(batches.map((b) => b.ms)), cpuMs };
  rss = peakRssMb(warden.pid!);
  await stop(warden);
}
sequential.push(seedRun!);
server.off("exit", serverDied);
server.stdin!.end();
await new Promise((resolve) => server.once("exit", resolve));
rmSync(dataDir, { recursive: true, force: true });
await postgres?.drop();

// ── report ───────────────────────────────────────────────────────────────────
const fmt = (n: number) => Math.round(n).toLocaleString("en");
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
console.log(`\nWarden relay write-policy benchmark: Node ${process.version}, ${cpus().length} CPUs, ${database}, loopback`);
console.log(`machine load average: ${loadBefore.toFixed(1)} before, ${loadavg().map((n) => n.toFixed(1)).join(" ")} after (other work on the machine slows every figure)`);
console.log(
  `snapshot: ${fmt(trustedPubkeys.length + EXTRA_PUBKEYS)} trusted and ${fmt(held.members.length + EXTRA_PUBKEYS)} member pubkeys; held events are id- and signature-verified, then committed before their reply`,
);
table(`one request in flight (how strfry drives its plugin today); echo, warden 100% trusted and the seed design: median of ${ROUNDS} alternating rounds`, sequential);
table(`pipelined (${WINDOW} requests in flight; ${HELD_WINDOW} for the 100% held run); echo and warden 100% trusted: median of ${ROUNDS} alternating rounds`, pipelined);

const find = (runs: Run[], label: string) => runs.find((run) => run.label.startsWith(label))!;
const seqTrusted = find(sequential, "warden, 100%");
const pipeTrusted = find(pipelined, "warden, 100% trusted");
const heldRun = find(pipelined, "warden, 100% held");
const seed = find(sequential, "seed");
const check = (ok: boolean) => (ok ? "PASS" : "FAIL");
console.log(`\nplugin peak RSS: ${rss.toFixed(1)} MB`);
const cpuPerHeld = heldBatches.cpuMs / Math.max(1, heldBatches.events);
console.log(
  `100% held run: ${heldBatches.count} requests to Warden, ${Math.round(heldBatches.events / Math.max(1, heldBatches.count))} events each on average, ${(heldBatches.ms / Math.max(1, heldBatches.count)).toFixed(0)} ms each; ` +
    `Warden's CPU time ${cpuPerHeld.toFixed(2)} ms per held event (verify, store, commit), i.e. ${fmt(1000 / cpuPerHeld)} held events/s per CPU it gets`,
);
console.log(`warden vs seed design, one in flight: Warden ${(seqTrusted.perSecond / seed.perSecond).toFixed(1)}x the events/s, p50 ${fmt(seqTrusted.p50)} µs vs ${fmt(seed.p50)} µs`);
console.log("\ntargets");
console.log(`  ≥20,000 accept/reject decisions/s: ${check(pipeTrusted.perSecond >= 20_000)} pipelined ${fmt(pipeTrusted.perSecond)}/s; ${check(seqTrusted.perSecond >= 20_000)} one in flight ${fmt(seqTrusted.perSecond)}/s`);
console.log(`  ≥50% of the echo ceiling:           ${check(pipeTrusted.perSecond >= 0.5 * pipelined[0]!.perSecond)} pipelined ${Math.round((pipeTrusted.perSecond / pipelined[0]!.perSecond) * 100)}%; ${check(seqTrusted.perSecond >= 0.5 * sequential[0]!.perSecond)} one in flight ${Math.round((seqTrusted.perSecond / sequential[0]!.perSecond) * 100)}%`);
console.log(`  ≥2,000 held events/s stored:        ${check(heldRun.perSecond >= 2_000)} ${fmt(heldRun.perSecond)}/s`);
console.log(`  plugin RSS < 150 MB:                ${check(rss < 150)} ${rss.toFixed(1)} MB`);
process.exit(0);
