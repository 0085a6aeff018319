/** Wall time of one call, in ms. */
export async function time(fn: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await fn();
  return performance.now() - start;
}

export type Stats = { p50: number; p99: number };

/** p50 and p99 of `runs` calls, after a few unmeasured warm-up calls. */
export async function percentiles(runs: number, fn: () => Promise<unknown>): Promise<Stats> {
  for (let i = 0; i < Math.min(5, runs); i++) await fn();
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) samples.push(await time(fn));
  samples.sort((a, b) => a - b);
  const at = (q: number) => samples[Math.min(samples.length - 1, Math.ceil(q * samples.length) - 1)]!;
  return { p50: at(0.5), p99: at(0.99) };
}

/** "12.3× faster" (or slower) from a baseline and our figure. */
export function ratio(baseline: number, ours: number): string {
  return ours <= baseline ? `${(baseline / ours).toFixed(1)}× less` : `${(ours / baseline).toFixed(1)}× more`;
}
