import { describe, expect, it } from "vitest";
import { LookupBatcher } from "@/lib/labels/lookup-batcher";

/** A run that records each batch and answers when told to. */
function controlledRun() {
  const batches: number[][] = [];
  const pending: { finish: () => void; fail: (error: Error) => void }[] = [];
  const run = (inputs: number[]) =>
    new Promise<string[]>((resolve, reject) => {
      batches.push(inputs);
      pending.push({ finish: () => resolve(inputs.map((input) => `answer ${input}`)), fail: reject });
    });
  return { run, batches, pending };
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe("LookupBatcher", () => {
  it("runs a look-up at once, alone, when nothing is in flight", async () => {
    const { run, batches, pending } = controlledRun();
    const batcher = new LookupBatcher(run, 2);
    const answer = batcher.lookup(1);
    expect(batches).toEqual([[1]]);
    pending[0]!.finish();
    expect(await answer).toBe("answer 1");
  });

  it("holds look-ups while every slot is busy, then sends them together, in order, at most maxBatch each", async () => {
    const { run, batches, pending } = controlledRun();
    const batcher = new LookupBatcher(run, 2, 3);
    const answers = [1, 2, 3, 4, 5, 6, 7].map((input) => batcher.lookup(input));
    expect(batches).toEqual([[1], [2]]);
    pending[0]!.finish();
    await tick();
    expect(batches).toEqual([[1], [2], [3, 4, 5]]);
    pending[1]!.finish();
    await tick();
    expect(batches).toEqual([[1], [2], [3, 4, 5], [6, 7]]);
    pending[2]!.finish();
    pending[3]!.finish();
    expect(await Promise.all(answers)).toEqual([1, 2, 3, 4, 5, 6, 7].map((input) => `answer ${input}`));
  });

  it("rejects every look-up of a failed batch, and goes on with the next", async () => {
    const { run, batches, pending } = controlledRun();
    const batcher = new LookupBatcher(run, 1);
    const first = batcher.lookup(1);
    const [second, third] = [batcher.lookup(2), batcher.lookup(3)];
    pending[0]!.fail(new Error("connection lost"));
    await expect(first).rejects.toThrow("connection lost");
    await tick();
    expect(batches).toEqual([[1], [2, 3]]);
    pending[1]!.fail(new Error("still down"));
    await expect(second).rejects.toThrow("still down");
    await expect(third).rejects.toThrow("still down");
    const fourth = batcher.lookup(4);
    await tick();
    pending[2]!.finish();
    expect(await fourth).toBe("answer 4");
  });
});
