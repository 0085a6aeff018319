// npm run bench:reports — the reports inbox, each figure beside a baseline measured in
// the same run:
//   * createReport with service-JWT verification (ES256K signature, aud/exp/lxm/typ,
//     jti claimed in the database; the issuers' DID documents cached, as in steady
//     state) at 32 in flight, beside queryLabels at 32 in flight;
//   * the inbox's first page (GET /api/reports) at 100,000 reports over 10,000 subjects,
//     beside the same page computed by grouping the reports table (no subject rows).
// Route handlers are called in-process (no HTTP): the figures are Warden's own cost.
// Runs on a throwaway PGlite folder, or on a scratch database of BENCH_POSTGRES_URL's server.
import { randomBytes } from "node:crypto";
import { Secp256k1Keypair } from "@atproto/crypto";
import { createServiceJwt } from "@atproto/xrpc-server";
import { percentiles, ratio } from "./flags-stats.ts";
import { openBenchDatabase } from "./support/bench-database.ts";

const REPORTS = Number(process.env.BENCH_REPORTS ?? 100_000);
const SUBJECTS = Number(process.env.BENCH_SUBJECTS ?? 10_000);
const CONCURRENCY = 32;
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 3_000);
const REPORTERS = 200;
const TOKEN = `bench-admin-${randomBytes(8).toString("hex")}`;
const LABELER = "did:web:bench.warden.test";
const database = await openBenchDatabase({ ADMIN_TOKEN: TOKEN, LABELER_DID: LABELER, REPORTS_PER_REPORTER_PER_HOUR: "1000000" });

const { closeDatabase, db } = await import("@/lib/db");
const { migrateDatabase } = await import("@/lib/db/migrations");
const { idResolver } = await import("@/lib/reports/id-resolver");
const { CREATE_REPORT_NSID } = await import("@/lib/reports/service-auth");
const createReport = await import("@/app/xrpc/com.atproto.moderation.createReport/route");
const queryLabelsRoute = await import("@/app/xrpc/com.atproto.label.queryLabels/route");
const reportsRoute = await import("@/app/api/reports/route");
const { createLabels } = await import("@/lib/labels/create-labels");

const noParams = { params: Promise.resolve({}) };
const post = (rkey: string) => `at://did:plc:ewvi7nxzyoun6zhxrhs64oiz/app.bsky.feed.post/${rkey}`;

/** Calls `fn` `total` times with `CONCURRENCY` in flight; requests per second. */
async function throughput(total: number, fn: (index: number) => Promise<void>): Promise<number> {
  let next = 0;
  const started = performance.now();
  await Promise.all(Array.from({ length: CONCURRENCY }, async () => {
    while (next < total) await fn(next++);
  }));
  return total / ((performance.now() - started) / 1000);
}

async function expectOk(response: Response): Promise<void> {
  if (!response.ok) throw new Error(`${response.status} ${await response.text()}`);
}

try {
  await migrateDatabase();
  const kind = database.kind;

  // Reporters: did:plc DIDs with a k256 key each, their documents in the resolver's cache.
  const reporters = await Promise.all(Array.from({ length: REPORTERS }, async (_, index) => {
    const keypair = await Secp256k1Keypair.create();
    const did = `did:plc:${(index.toString(36) + "bench".repeat(6)).slice(0, 24)}`;
    const doc = { id: did, verificationMethod: [{ id: `${did}#atproto`, type: "Multikey", controller: did, publicKeyMultibase: keypair.did().slice("did:key:".length) }] };
    await idResolver().did.cache!.cacheDid(did, doc);
    return { did, keypair };
  }));
  const { saveLabelDefinition } = await import("@/lib/labels/definitions/label-definitions");
  await saveLabelDefinition({ identifier: "spam", severity: "inform", blurs: "none", locales: [{ lang: "en", name: "Spam", description: "Unwanted bulk content" }] }, "bench");
  await createLabels(Array.from({ length: 1000 }, (_, index) => ({ uri: post(`l${index}`), val: "spam" })), "bench");
  // Minted ahead (a PDS mints them, not Warden), valid long enough for the run; each used once.
  const exp = Math.floor(Date.now() / 1000) + 280;
  const tokens = await Promise.all(Array.from({ length: REQUESTS }, (_, index) => {
    const reporter = reporters[index % REPORTERS]!;
    return createServiceJwt({ iss: reporter.did, aud: LABELER, lxm: CREATE_REPORT_NSID, keypair: reporter.keypair, exp });
  }));

  const reportRate = await throughput(REQUESTS, async (index) => {
    const body = { reasonType: "com.atproto.moderation.defs#reasonSpam", subject: { $type: "com.atproto.admin.defs#repoRef", did: `did:plc:${String(index % 5000).padStart(24, "s")}` } };
    await expectOk(await createReport.POST(new Request("http://bench/xrpc/com.atproto.moderation.createReport", { method: "POST", headers: { "content-type": "application/json", authorization: `Bearer ${tokens[index]}` }, body: JSON.stringify(body) }), noParams));
  });
  const labelRate = await throughput(REQUESTS, async (index) => {
    await expectOk(await queryLabelsRoute.GET(new Request(`http://bench/xrpc/com.atproto.label.queryLabels?uriPatterns=${encodeURIComponent(post(`l${index % 1000}`))}`), noParams));
  });
  console.log(`\ncreateReport (JWT verified, keys cached, jti claimed) at ${CONCURRENCY} in flight on ${kind}: ${reportRate.toFixed(0)} req/s`);
  console.log(`queryLabels, same run, same concurrency: ${labelRate.toFixed(0)} req/s (createReport at ${(reportRate / labelRate).toFixed(2)}× its rate)`);

  // The inbox at REPORTS reports over SUBJECTS subjects, seeded in SQL.
  await db().$executeRawUnsafe(`TRUNCATE reports, report_subject_events, report_subjects RESTART IDENTITY CASCADE`);
  await db().$executeRawUnsafe(`
    INSERT INTO report_subjects (key, kind, subject, author, report_count, reporter_count, weight, reason_types, first_reported_at, last_reported_at, opened_at, updated_at)
    SELECT 'at://did:plc:bench/app.bsky.feed.post/' || s, 'record', jsonb_build_object('$type', 'com.atproto.repo.strongRef', 'uri', 'at://did:plc:bench/app.bsky.feed.post/' || s, 'cid', 'bafy'),
           'did:plc:bench', 0, 0, 0, ARRAY['com.atproto.moderation.defs#reasonSpam'], now(), now(), now(), now()
    FROM generate_series(1, ${SUBJECTS}) s`);
  await db().$executeRawUnsafe(`
    INSERT INTO reports (subject_id, source, reporter, reason_type, subject_ref, created_at)
    SELECT 1 + (r % ${SUBJECTS}), 'service', 'token:bench' || (r % 500), 'com.atproto.moderation.defs#reasonSpam', '{}'::jsonb, now() - (r || ' seconds')::interval
    FROM generate_series(1, ${REPORTS}) r`);
  await db().$executeRawUnsafe(`
    UPDATE report_subjects s SET report_count = c.n, reporter_count = c.people, weight = c.n, last_reported_at = c.last, first_reported_at = c.first
    FROM (SELECT subject_id, count(*) n, count(DISTINCT reporter) people, max(created_at) last, min(created_at) first FROM reports GROUP BY subject_id) c WHERE c.subject_id = s.id`);
  await db().$executeRawUnsafe(`ANALYZE report_subjects, reports`);

  const headers = { authorization: `Bearer ${TOKEN}` };
  const inbox = (sort: string) => percentiles(200, async () => expectOk(await reportsRoute.GET(new Request(`http://bench/api/reports?state=open&sort=${sort}&limit=50`, { headers }), noParams)));
  const grouped = (order: string) => percentiles(50, () => db().$queryRawUnsafe(`
    SELECT subject_id, count(*), count(DISTINCT reporter), array_agg(DISTINCT reason_type), max(created_at) last FROM reports GROUP BY subject_id ORDER BY ${order} LIMIT 50`));
  const recent = await inbox("recent");
  const byCount = await inbox("count");
  const baseRecent = await grouped("last DESC, subject_id DESC");
  const baseCount = await grouped("count(*) DESC, subject_id DESC");
  console.log(`\ninbox first page, ${REPORTS.toLocaleString("en-US")} reports over ${SUBJECTS.toLocaleString("en-US")} subjects (p50 / p99 ms):`);
  console.log(`  latest report: ${recent.p50.toFixed(1)} / ${recent.p99.toFixed(1)}   grouping the reports table: ${baseRecent.p50.toFixed(1)} / ${baseRecent.p99.toFixed(1)}   (p99 ${ratio(baseRecent.p99, recent.p99)})`);
  console.log(`  most reported: ${byCount.p50.toFixed(1)} / ${byCount.p99.toFixed(1)}   grouping the reports table: ${baseCount.p50.toFixed(1)} / ${baseCount.p99.toFixed(1)}   (p99 ${ratio(baseCount.p99, byCount.p99)})\n`);
} finally {
  await closeDatabase();
  await database.drop();
}
