// npm run bench:flags — the flag workflow at 100,000 flags, each figure printed beside a
// baseline measured in the same run:
//   * server time of GET /admin/flags (the list behind /flags): first page and a deep
//     page, keyset vs OFFSET pagination, plus the seed's "load every flag" list;
//   * 100 decisions submitted at once vs one request per decision (the seed's loop);
//   * the review page's JavaScript, gzipped, from the build's client chunks, and on a
//     throttled phone in Chromium against the built app: the scripts it loads and its
//     time to interactive, beside /flags (bench/flags-phone.ts);
//   * the unpaged pending list plyr.fm's loop reads, streamed vs built whole, time and
//     peak RSS (bench/flags-unpaged.ts).
// Runs on a throwaway PGlite folder, or on a scratch database of BENCH_POSTGRES_URL's
// server (dropped afterwards). BENCH_FLAGS changes the count.
import { randomBytes } from "node:crypto";
import { createServer, type AddressInfo } from "node:net";
import { loadavg } from "node:os";
import { bundleSizes } from "./flags-bundle.ts";
import { measurePhonePages } from "./flags-phone.ts";
import { measureUnpagedList } from "./flags-unpaged.ts";
import { pairedPercentiles, percentiles, ratio, time, type Stats } from "./flags-stats.ts";
import { openBenchDatabase } from "./support/bench-database.ts";

const FLAGS = Number(process.env.BENCH_FLAGS ?? 100_000);
const TOKEN = `bench-admin-${randomBytes(8).toString("hex")}`;
const database = await openBenchDatabase({ ADMIN_TOKEN: TOKEN, LABELER_DID: "did:web:bench.warden.test" });

const { closeDatabase, db } = await import("@/lib/db");
const { migrateDatabase } = await import("@/lib/db/migrations");
const { seedFlags } = await import("./flags-seed.ts");
const { GET: listRoute } = await import("@/app/admin/flags/route");
const { POST: submitRoute } = await import("@/app/admin/review/[id]/submit/route");
const { createBatch } = await import("@/lib/flags/create-batch");
const { encodeCursor } = await import("@/lib/flags/flag-cursor");
const { loadFlags } = await import("@/lib/flags/load-flags");
const { countFlags } = await import("@/lib/flags/count-flags");

const headers = { "x-moderation-key": TOKEN };
const call = async (handler: (r: Request, c: { params: Promise<never> }) => Promise<Response>, request: Request, params = {}) => {
  const response = await handler(request, { params: Promise.resolve(params) as Promise<never> });
  if (!response.ok) throw new Error(`${request.url}: ${response.status} ${await response.text()}`);
  return response.json();
};
const list = (query: string) => call(listRoute, new Request(`http://bench/admin/flags?${query}`, { headers }));

try {
  await migrateDatabase();
  const seeded = await time(() => seedFlags(FLAGS));
  const kind = database.kind;
  const load = () => loadavg().map((n) => n.toFixed(1)).join(" ");
  console.log(`\n${FLAGS.toLocaleString("en-US")} flags (10% resolved) seeded on ${kind} in ${(seeded / 1000).toFixed(1)} s; machine load average ${load()}\n`);

  const deepOffset = Math.floor(FLAGS * 0.8);
  const [deep] = await db().$queryRaw<{ seq: bigint }[]>`
    SELECT h.seq FROM label_heads h JOIN labels l ON l.seq = h.seq WHERE NOT l.neg ORDER BY h.seq DESC OFFSET ${deepOffset - 1} LIMIT 1`;
  const deepCursor = encodeCursor({ k: "newest", seq: Number(deep!.seq) });

  const rows: [string, Stats, Stats | null, string][] = [];
  const runs = Number(process.env.BENCH_RUNS ?? 200);
  // Every baseline gets the same number of runs as the figure beside it, alternated with it.
  rows.push(["GET /admin/flags, first page (50)", ...(await pairedPercentiles(runs, () => list("limit=50"), () => offsetPage(0))), "OFFSET 0"]);
  rows.push([
    `GET /admin/flags, deep page (row ${deepOffset.toLocaleString("en-US")})`,
    ...(await pairedPercentiles(runs, () => list(`limit=50&cursor=${deepCursor}`), () => offsetPage(deepOffset))),
    `OFFSET ${deepOffset.toLocaleString("en-US")}`,
  ]);
  rows.push(["GET /admin/flags, sort=score, first page", await percentiles(runs, () => list("limit=50&sort=score")), null, ""]);
  rows.push(["GET /admin/flags, search by title", await percentiles(Math.min(runs, 50), () => list("limit=50&q=harbour")), null, ""]);
  const seedRuns = Number(process.env.BENCH_SEED_RUNS ?? 20); // the seed's list loads every flag: seconds each
  rows.push(["first page vs the seed's list (every flag loaded)", ...(await pairedPercentiles(seedRuns, () => list("limit=50"), seedList)), "seed"]);
  rows.push(["flag counts for the tabs (streamed after the list)", await percentiles(Math.min(runs, 50), () => countFlags()), null, ""]);

  console.log("server time (ms)                                   p50      p99   | baseline p50      p99  | ratio p99");
  for (const [name, ours, base, label] of rows) {
    const baseText = base ? `| ${label.padEnd(14)} ${base.p50.toFixed(1).padStart(7)} ${base.p99.toFixed(1).padStart(8)}  | ${ratio(base.p99, ours.p99)}` : "|";
    console.log(`${name.padEnd(48)} ${ours.p50.toFixed(1).padStart(7)} ${ours.p99.toFixed(1).padStart(8)}   ${baseText}`);
  }

  const batchRuns = 5;
  const atOnce: number[] = [];
  const oneByOne: number[] = [];
  for (let run = 0; run < batchRuns; run++) {
    // The same runs for both, alternating which goes first.
    if (run % 2) oneByOne.push(await submitBatch(true));
    atOnce.push(await submitBatch(false));
    if (!(run % 2)) oneByOne.push(await submitBatch(true));
  }
  const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
  console.log(
    `\n100 decisions (50 clear, 25 defer, 25 confirm): at once ${median(atOnce).toFixed(0)} ms (median of ${batchRuns}, max ${Math.max(...atOnce).toFixed(0)}) | ` +
      `one request each ${median(oneByOne).toFixed(0)} ms (median of ${batchRuns}) | ${ratio(median(oneByOne), median(atOnce))}`,
  );

  console.log(`machine load average after the timings: ${load()}`);
  const bundle = bundleSizes();
  if (bundle) {
    const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
    console.log(`\nreview page JS (gzip -9, ${bundle.distDir}): ${kb(bundle.review.total)} = Next/React runtime ${kb(bundle.runtime)} + route ${kb(bundle.review.total - bundle.runtime)}`);
    console.log(`  baseline /flags page:  ${kb(bundle.flags.total)} (route ${kb(bundle.flags.total - bundle.runtime)}) | ${ratio(bundle.flags.total, bundle.review.total, "size")}`);
    console.log(`  baseline /login page:  ${kb(bundle.login.total)} (the page a DM link passes through first; it loads the runtime)`);
  } else {
    console.log("\nreview page JS: no build found (run `NEXT_DIST_DIR=.next-flags npx next build` first)");
  }

  const { pending } = await countFlags();
  // A batch as the moderation loop sends one in a DM, for the phone measurement.
  const phoneBatch = await createBatch({ uris: await pendingUris(20) }, "bench");
  await closeDatabase(); // each measured run opens the database in its own process
  console.log(`\n${measureUnpagedList(pending, process.env).join("\n")}`);
  if (bundle) {
    const samples = Number(process.env.BENCH_PHONE_SAMPLES ?? 5);
    // The bench's database: startWarden would otherwise give the server a fresh folder.
    const env = { LOG_LEVEL: "silent", NEXT_DIST_DIR: bundle.distDir, DATA_DIR: process.env.DATA_DIR!, ...(process.env.DATABASE_URL && { DATABASE_URL: process.env.DATABASE_URL }) };
    console.log(`\n${(await measurePhonePages({ env, token: TOKEN, batchId: phoneBatch.id, port: await freePort(), samples })).join("\n")}`);
  }
} finally {
  await closeDatabase();
  await database.drop();
}

/** The same page with OFFSET instead of a keyset: what the list would cost paged the usual way. */
async function offsetPage(offset: number) {
  const keys = await db().$queryRaw<{ uri: string }[]>`
    SELECT h.uri FROM label_heads h JOIN labels l ON l.seq = h.seq LEFT JOIN subject_contexts c ON c.uri = h.uri
    WHERE h.val = 'copyright-violation' AND NOT l.neg AND (l.exp IS NULL OR l.exp > now())
    ORDER BY h.seq DESC OFFSET ${offset} LIMIT 50`;
  return loadFlags(keys.map((key) => key.uri));
}

/** plyr.fm's get_pending_flags: every flag label with its context, every negated URI, filtered in memory. */
async function seedList() {
  const [flags, negated] = await Promise.all([
    db().$queryRaw<{ uri: string }[]>`
      SELECT l.seq, l.uri, l.val, l.cts, c.track_id, c.track_title, c.artist_handle, c.highest_score, c.matches
      FROM labels l LEFT JOIN subject_contexts c ON l.uri = c.uri
      WHERE l.val = 'copyright-violation' AND NOT l.neg ORDER BY l.seq DESC`,
    db().$queryRaw<{ uri: string }[]>`SELECT DISTINCT uri FROM labels WHERE val = 'copyright-violation' AND neg`,
  ]);
  const resolved = new Set(negated.map((row) => row.uri));
  return flags.filter((flag) => !resolved.has(flag.uri)).slice(0, 50);
}

/** Pending flags in no batch yet, oldest first. */
async function pendingUris(count: number): Promise<string[]> {
  const keys = await db().$queryRaw<{ uri: string }[]>`
    SELECT h.uri FROM label_heads h JOIN labels l ON l.seq = h.seq
    WHERE NOT l.neg AND NOT EXISTS (SELECT 1 FROM review_batch_items i WHERE i.uri = h.uri)
    ORDER BY h.seq ASC LIMIT ${count}`;
  return keys.map((key) => key.uri);
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer().listen(0, "127.0.0.1", () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
    server.once("error", reject);
  });
}

/** A fresh batch of 100 pending flags, decided in one request or in 100. */
async function submitBatch(oneByOne: boolean): Promise<number> {
  const uris = await pendingUris(100);
  const keys = uris.map((uri) => ({ uri }));
  const { id } = await createBatch({ uris }, "bench");
  const decisions = keys.map(({ uri }, i) => ({ uri, decision: i % 2 === 0 ? "clear" : i % 4 === 1 ? "defer" : "confirm" }));
  const submit = (part: typeof decisions) =>
    call(submitRoute, new Request(`http://bench/admin/review/${id}/submit`, {
      method: "POST",
      headers: { ...headers, "content-type": "application/json" },
      body: JSON.stringify({ decisions: part }),
    }), { id });
  return time(async () => {
    if (oneByOne) for (const decision of decisions) await submit([decision]);
    else await submit(decisions);
  });
}
