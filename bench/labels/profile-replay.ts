// Warden's replay path alone, on the real server (profiled-warden.ts): writes
// BENCH_LABELS labels (default 20,000) through POST /api/labels, then replays them from
// cursor=0 three times to one client and reports labels/s and the server's CPU per
// replayed label (PROFILE_DIR: a CPU profile too).
//   npx tsx bench/labels/profile-replay.ts
import { loadavg } from "node:os";
import { replay } from "./measure.ts";
import { startProfiledWarden } from "./profiled-warden.ts";

const LABELS = Number(process.env.BENCH_LABELS ?? 20_000);
const { warden, token, cpuMs, stop } = await startProfiledWarden();
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
  await stop();
}
