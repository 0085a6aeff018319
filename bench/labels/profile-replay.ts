// Warden's replay path alone: starts the real server (npm start's flags, after `next build`)
// on a scratch database of a durable throwaway PostgreSQL, writes BENCH_LABELS labels
// (default 20,000) through POST /api/labels, then replays them from cursor=0 three times
// to one client and reports labels/s and the server's CPU per replayed label. With
// PROFILE_DIR set, the server runs with --cpu-prof and writes its profile there on stop.
//   npx tsx bench/labels/profile-replay.ts
import { randomBytes } from "node:crypto";
import { mkdtempSync, readFileSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import path from "node:path";
import { startTestPostgres } from "../../scripts/test-postgres.ts";
import { queryTestServer } from "../../test/support/test-run";
import { replay } from "./measure.ts";
import { startWarden } from "./servers.ts";

const LABELS = Number(process.env.BENCH_LABELS ?? 20_000);
const profileDir = process.env.PROFILE_DIR;
const token = `bench-${randomBytes(16).toString("hex")}`;
const postgres = (await startTestPostgres({ durable: true }))!;
const databaseUrl = Object.assign(new URL(postgres.url), { pathname: "/profile" }).href;
await queryTestServer(postgres.url, "CREATE DATABASE profile");
const warden = await startWarden({
  env: { DATABASE_URL: databaseUrl, DATA_DIR: mkdtempSync(path.join(tmpdir(), "warden-prof-")), ADMIN_TOKEN: token, ...(profileDir && { NODE_OPTIONS: `--cpu-prof --cpu-prof-dir=${profileDir}` }) },
});
const cpuMs = () => {
  const fields = readFileSync(`/proc/${warden.child.pid}/stat`, "utf8").split(") ")[1]!.split(" ");
  return (Number(fields[11]) + Number(fields[12])) * 10;
};
try {
  for (let n = 0; n < LABELS; n += 100) {
    const labels = Array.from({ length: Math.min(100, LABELS - n) }, (_, i) => ({ uri: `at://did:plc:profile/app.bsky.feed.post/${n + i}`, val: "copyright-violation" }));
    const response = await fetch(`${warden.http}/api/labels`, { method: "POST", headers: { "content-type": "application/json", "x-moderation-key": token }, body: JSON.stringify({ labels }) });
    if (!response.ok) throw new Error(`${response.status}: ${await response.text()}`);
  }
  for (let i = 0; i < 3; i++) {
    const before = cpuMs();
    const { perSecond, lastSeq } = await replay(warden.ws, LABELS);
    if (lastSeq !== LABELS) throw new Error(`replay ended at seq ${lastSeq}, expected ${LABELS}`);
    console.log(`replay ${i + 1}: ${perSecond.toFixed(0)} labels/s, server CPU ${(((cpuMs() - before) / LABELS) * 1000).toFixed(1)} µs per label; load ${loadavg().map((l) => l.toFixed(1)).join(" ")}`);
  }
} finally {
  await warden.stop();
  postgres.stop();
}
