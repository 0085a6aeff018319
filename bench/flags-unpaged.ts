// The unpaged flag list (GET /admin/flags without limit or cursor, as plyr.fm's loop
// asks) at the bench's size, streamed, against the same query and JSON built whole
// in memory first (what answering every match costs without streaming). Each run is
// a fresh child process on the bench's database, so one way's heap never flatters
// the other's: peak RSS above the process's settled RSS, and wall time, both ways
// interleaved; a count or a body that does not end as JSON fails the run.
import { spawnSync } from "node:child_process";
import { ratio } from "./flags-stats.ts";

type Mode = "streamed" | "buffered";
type Run = { mode: Mode; ms: number; peakMb: number; settledMb: number; tracks: number; bytes: number };

/** Runs in the parent, after it closed the database: `env` names that database. */
export function measureUnpagedList(expected: number, env: NodeJS.ProcessEnv, runs = 3): string[] {
  const results: Run[] = [];
  for (let i = 0; i < runs; i++) {
    for (const mode of ["streamed", "buffered"] as const) {
      const child = spawnSync(process.execPath, ["--import", "tsx", "bench/flags-unpaged.ts", mode], { env, encoding: "utf8" });
      if (child.status !== 0) throw new Error(`unpaged list (${mode}) failed: ${child.stderr || child.stdout}`);
      const run = JSON.parse(child.stdout.trim().split("\n").at(-1)!) as Run;
      if (run.tracks !== expected) throw new Error(`unpaged list (${mode}) answered ${run.tracks} flags, expected ${expected}`);
      results.push(run);
    }
  }
  const median = (mode: Mode, key: "ms" | "peakMb") => {
    const values = results.filter((r) => r.mode === mode).map((r) => r[key]).sort((a, b) => a - b);
    return values[Math.floor(values.length / 2)]!;
  };
  const mb = (value: number) => `${value.toFixed(0)} MB`;
  const bytes = results[0]!.bytes;
  return [
    `GET /admin/flags?filter=pending, unpaged: ${expected.toLocaleString("en-US")} flags, ${(bytes / 1e6).toFixed(1)} MB of JSON (medians of ${runs} fresh processes each)`,
    `  streamed            ${median("streamed", "ms").toFixed(0).padStart(6)} ms   peak RSS +${mb(median("streamed", "peakMb"))} over settled`,
    `  built whole first   ${median("buffered", "ms").toFixed(0).padStart(6)} ms   peak RSS +${mb(median("buffered", "peakMb"))} | streamed: time ${ratio(median("buffered", "ms"), median("streamed", "ms"))}, memory ${ratio(median("buffered", "peakMb"), median("streamed", "peakMb"), "size")}`,
  ];
}

/** One measured request in this process (the child's entry point). */
async function child(mode: Mode): Promise<Run> {
  const { GET: listRoute } = await import("@/app/admin/flags/route");
  const { allFlags } = await import("@/lib/flags/list-flags");
  const { toFlaggedTrack } = await import("@/lib/flags/flag-json");
  const { closeDatabase } = await import("@/lib/db");
  const headers = { "x-moderation-key": process.env.ADMIN_TOKEN! };
  const request = (query: string) => listRoute(new Request(`http://bench/admin/flags?${query}`, { headers }), { params: Promise.resolve({}) as Promise<never> });

  await (await request("filter=pending&limit=1000")).text(); // warm: connections, plans, JIT
  await new Promise((resolve) => setTimeout(resolve, 200));
  const settled = process.memoryUsage.rss();
  let peak = settled;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage.rss())), 5);

  const started = performance.now();
  let tracks = 0;
  let bytes = 0;
  if (mode === "streamed") {
    const response = await request("filter=pending");
    if (!response.ok || !response.body) throw new Error(`status ${response.status}`);
    let tail = "";
    const decoder = new TextDecoder();
    const reader = response.body.getReader();
    for (let read = await reader.read(); !read.done; read = await reader.read()) {
      const chunk = read.value;
      bytes += chunk.byteLength;
      const text = tail + decoder.decode(chunk, { stream: true });
      tracks += text.split('{"seq":').length - 1;
      tail = text.slice(-32);
      tracks -= tail.split('{"seq":').length - 1; // counted again with the next chunk
    }
    tracks += tail.split('{"seq":').length - 1;
    if (!tail.endsWith('],"cursor":null}')) throw new Error(`streamed body ends with ${JSON.stringify(tail)}`);
  } else {
    const all = [];
    for await (const page of allFlags({ filter: "pending", sort: "newest" })) all.push(...page.map(toFlaggedTrack));
    const body = await Response.json({ tracks: all, cursor: null }).text();
    bytes = Buffer.byteLength(body);
    tracks = all.length;
  }
  const ms = performance.now() - started;
  clearInterval(sampler);
  peak = Math.max(peak, process.memoryUsage.rss());
  await closeDatabase();
  return { mode, ms, peakMb: (peak - settled) / 2 ** 20, settledMb: settled / 2 ** 20, tracks, bytes };
}

const mode = process.argv[2];
if (mode === "streamed" || mode === "buffered") {
  console.log(JSON.stringify(await child(mode)));
  process.exit(0);
}
