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

/**
 * Warden's call and the baseline's, `runs` times each, alternated (after the same warm-up),
 * so that both get the same samples under the same moments of machine load.
 */
export async function pairedPercentiles(runs: number, ours: () => Promise<unknown>, baseline: () => Promise<unknown>): Promise<[Stats, Stats]> {
  for (let i = 0; i < Math.min(5, runs); i++) await Promise.all([ours(), baseline()]);
  const samples: [number[], number[]] = [[], []];
  for (let i = 0; i < runs; i++) {
    const [first, second] = i % 2 ? [baseline, ours] : [ours, baseline];
    const a = await time(first);
    const b = await time(second);
    samples[0].push(i % 2 ? b : a);
    samples[1].push(i % 2 ? a : b);
  }
  const stats = (values: number[]) => {
    values.sort((x, y) => x - y);
    const at = (q: number) => values[Math.min(values.length - 1, Math.ceil(q * values.length) - 1)]!;
    return { p50: at(0.5), p99: at(0.99) };
  };
  return [stats(samples[0]), stats(samples[1])];
}

/** "Warden 12.3x faster" (or slower): the baseline's time against ours; `size` reads "smaller"/"larger" for bytes. */
export function ratio(baseline: number, ours: number, kind: "time" | "size" = "time"): string {
  const [less, more] = kind === "time" ? ["faster", "slower"] : ["smaller", "larger"];
  return ours <= baseline ? `Warden ${(baseline / ours).toFixed(1)}x ${less}` : `Warden ${(ours / baseline).toFixed(1)}x ${more}`;
}
