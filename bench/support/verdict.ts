// How benches state results: failures counted and bounded, and ratios that read the right
// way round ("Warden 2.1x faster", "Warden 1.3x slower"), never "0.2x less".

/** More than this share of failed requests (non-2xx, errors, timeouts, wrong bodies) fails the run. */
export const MAX_FAILURE_RATE = 0.001;

export function assertFewFailures(what: string, failed: number, total: number): void {
  if (total === 0) throw new Error(`${what}: no request completed`);
  if (failed / total > MAX_FAILURE_RATE) {
    throw new Error(`${what}: ${failed} of ${total} requests failed (${((failed / total) * 100).toFixed(2)}%, more than ${MAX_FAILURE_RATE * 100}%)`);
  }
}

type Direction = "higher" | "lower";
const WORDS: Record<string, [better: string, worse: string]> = {
  speed: ["faster", "slower"],
  memory: ["smaller", "larger"],
  latency: ["quicker", "slower"],
};

/**
 * "Warden 2.1x faster" when ours is better, "Warden 1.3x slower" when worse, where the
 * figure is better when `better` (higher rates, lower latencies and memory).
 */
export function versus(ours: number, theirs: number, better: Direction, kind: keyof typeof WORDS = "speed", who = "Warden"): string {
  if (!(ours > 0 && theirs > 0) || !Number.isFinite(ours) || !Number.isFinite(theirs)) return "n/a";
  const ratio = better === "higher" ? ours / theirs : theirs / ours;
  const [up, down] = WORDS[kind]!;
  return ratio >= 1 ? `${who} ${ratio.toFixed(1)}x ${up}` : `${who} ${(1 / ratio).toFixed(1)}x ${down}`;
}

export const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};
