// Warden's write path alone, on the real server (profiled-warden.ts): emits single labels
// through POST /emit-label (or batches of 100 through POST /api/labels) at 8 in flight,
// and reports labels/s and the server's CPU per label (PROFILE_DIR: a CPU profile too).
//   npx tsx bench/labels/profile-emission.ts [single|batch]
import { loadavg } from "node:os";
import { closeClients, postJson } from "../support/post-json.ts";
import { emission } from "./measure.ts";
import { startProfiledWarden } from "./profiled-warden.ts";

const mode = process.argv[2] === "batch" ? "batch" : "single";
const { warden, token, cpuMs, systemCpuMs, stop } = await startProfiledWarden();
const size = mode === "single" ? 1 : 100;
let n = 0;
const send = async () => {
  const single = size === 1;
  const labels = Array.from({ length: size }, () => ({ uri: `at://did:plc:profile/app.bsky.feed.post/${n++}`, val: "copyright-violation" }));
  const answer = await postJson(`${warden.http}${single ? "/emit-label" : "/api/labels"}`, { "x-moderation-key": token }, single ? labels[0] : { labels });
  if (answer.status >= 300) throw new Error(`${answer.status}: ${answer.text}`);
};
try {
  await emission(3, size, 8, send);
  const [before, systemBefore] = [cpuMs(), systemCpuMs()];
  const count = n;
  const rate = await emission(10, size, 8, send);
  const labels = n - count;
  console.log(`${mode}: ${rate.toFixed(0)} labels/s, server CPU ${((cpuMs() - before) / labels).toFixed(2)} ms per label (${((systemCpuMs() - systemBefore) / labels).toFixed(2)} in the kernel); load ${loadavg().map((n) => n.toFixed(1)).join(" ")}`);
} finally {
  closeClients();
  await stop();
}
