// Warden's queryLabels pages alone, on the real server (profiled-warden.ts): writes
// BENCH_LABELS labels (default 200,000) through POST /api/labels in batches, then asks
// for pages of 250 from random cursors at 32 connections, three times, and reports req/s,
// p50/p99 and the server's CPU per page (PROFILE_DIR: a CPU profile too).
//   npx tsx bench/labels/profile-pages.ts
import { loadavg } from "node:os";
import { closeClients, postJson } from "../support/post-json.ts";
import { queryLoad } from "./measure.ts";
import { startProfiledWarden } from "./profiled-warden.ts";

const LABELS = Number(process.env.BENCH_LABELS ?? 200_000);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const { warden, token, cpuMs, stop } = await startProfiledWarden();
try {
  const headers = { "x-moderation-key": token };
  for (let n = 0; n < LABELS; n += 100) {
    const labels = Array.from({ length: Math.min(100, LABELS - n) }, (_, i) => ({ uri: `at://did:plc:profile${(n + i) % 1000}/app.bsky.feed.post/${n + i}`, val: "copyright-violation" }));
    const { status, text } = await postJson(`${warden.http}/api/labels`, headers, { labels });
    if (status !== 201) throw new Error(`${status}: ${text.slice(0, 300)}`);
  }
  const random = () => Math.floor(Math.random() * LABELS * 0.99);
  const path = () => `/xrpc/com.atproto.label.queryLabels?uriPatterns=*&limit=250&cursor=${random()}`;
  await queryLoad(warden.http, path, 2); // warm-up
  for (let i = 0; i < 3; i++) {
    const before = cpuMs();
    const load = await queryLoad(warden.http, path, SECONDS);
    if (load.failed) throw new Error(`${load.failed} of ${load.total} pages failed`);
    const pages = load.rps * SECONDS;
    console.log(
      `pages ${i + 1}: ${load.rps.toFixed(0)} req/s, p50 ${load.p50} ms, p99 ${load.p99} ms, max ${load.max} ms, server CPU ${((cpuMs() - before) / pages).toFixed(3)} ms per page; load ${loadavg().map((l) => l.toFixed(1)).join(" ")}`,
    );
  }
} finally {
  closeClients();
  await stop();
}
