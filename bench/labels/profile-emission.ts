// Warden's write path alone: starts the real server (npm start's flags, after `next build`)
// on a scratch database of a durable throwaway PostgreSQL, emits single labels through
// POST /emit-label (or batches of 100 through POST /api/labels) at 8 in flight, and reports
// labels/s and the server's CPU per label. With PROFILE_DIR set, the server runs with
// --cpu-prof and Node writes its profile there when it stops.
//   npx tsx bench/labels/profile-emission.ts [single|batch]
import { randomBytes } from "node:crypto";
import { mkdtempSync, readFileSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import path from "node:path";
import { startTestPostgres } from "../../scripts/test-postgres.ts";
import { queryTestServer } from "../../test/support/test-run";
import { emission } from "./measure.ts";
import { startWarden } from "./servers.ts";

const mode = process.argv[2] === "batch" ? "batch" : "single";
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
const size = mode === "single" ? 1 : 100;
let n = 0;
const send = async () => {
  const single = size === 1;
  const labels = Array.from({ length: size }, () => ({ uri: `at://did:plc:profile/app.bsky.feed.post/${n++}`, val: "copyright-violation" }));
  const response = await fetch(`${warden.http}${single ? "/emit-label" : "/api/labels"}`, {
    method: "POST",
    headers: { "content-type": "application/json", "x-moderation-key": token },
    body: JSON.stringify(single ? labels[0] : { labels }),
  });
  if (!response.ok) throw new Error(`${response.status}: ${await response.text()}`);
  await response.arrayBuffer();
};
try {
  await emission(3, size, 8, send);
  const before = cpuMs();
  const count = n;
  const rate = await emission(10, size, 8, send);
  const labels = n - count;
  console.log(`${mode}: ${rate.toFixed(0)} labels/s, server CPU ${((cpuMs() - before) / labels).toFixed(2)} ms per label; load ${loadavg().map((n) => n.toFixed(1)).join(" ")}`);
} finally {
  await warden.stop();
  postgres.stop();
}
