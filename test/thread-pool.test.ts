import { describe, expect, it } from "vitest";
import { runSplit, threadPool } from "@/lib/thread-pool";

// Doubles numbers in a thread, and fails on purpose for a negative one.
const DOUBLE = `(numbers) => numbers.map((n) => { if (n < 0) throw new Error("negative"); return n * 2 + workerData.offset; })`;

describe("threadPool and runSplit", () => {
  it("splits the items over the threads and keeps their order", async () => {
    const pool = threadPool<number[], number[]>("test-double", DOUBLE, () => ({ offset: 0 }), 2);
    expect(pool?.size).toBeGreaterThan(0);
    const numbers = Array.from({ length: 101 }, (_, i) => i);
    const here = () => {
      throw new Error("should have run in the threads");
    };
    expect(await runSplit(pool, numbers, here)).toEqual(numbers.map((n) => n * 2));
  });

  it("does a chunk on the calling thread when its thread cannot", async () => {
    const pool = threadPool<number[], number[]>("test-double", DOUBLE, () => ({ offset: 0 }), 2);
    const doneHere: number[][] = [];
    const here = (chunk: number[]) => (doneHere.push(chunk), chunk.map((n) => n * 2));
    expect(await runSplit(pool, [1, 2, -3, 4], here)).toEqual([2, 4, -6, 8]);
    expect(doneHere.flat()).toContain(-3);
  });

  it("works with no pool at all", async () => {
    expect(await runSplit(null, [1, 2, 3], (chunk) => chunk.map((n) => n + 1))).toEqual([2, 3, 4]);
  });
});
