import { describe, expect, it } from "vitest";
import { GroupCommitter } from "@/lib/labels/label-commits";
import type { LabelerIdentity } from "@/lib/labels/labeler-identity";
import { RetiredKeyError } from "@/lib/labels/signing-key-status";

/** A store whose transactions finish when the test says so, recording what each held. */
function controlledStore() {
  const calls: { items: string[]; finish: (error?: Error) => void }[] = [];
  let next = 1n;
  const store = (items: string[]) =>
    new Promise<bigint[]>((resolve, reject) => {
      calls.push({
        items,
        finish: (error) => {
          if (error) return reject(error);
          resolve(items.map(() => next++));
        },
      });
    });
  return { calls, store };
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe("GroupCommitter", () => {
  it("stores the writes that arrive during a transaction together in the next one, in arrival order", async () => {
    const { calls, store } = controlledStore();
    const committer = new GroupCommitter<string>(store);
    const first = committer.commit({ items: ["a"], key: "k" });
    await tick();
    const waiting = [committer.commit({ items: ["b", "c"], key: "k" }), committer.commit({ items: ["d"], key: "k" })];
    expect(calls.map((call) => call.items)).toEqual([["a"]]);
    calls[0]!.finish();
    expect(await first).toEqual([1n]);
    await tick();
    expect(calls.map((call) => call.items)).toEqual([["a"], ["b", "c", "d"]]);
    calls[1]!.finish();
    expect(await Promise.all(waiting)).toEqual([[2n, 3n], [4n]]);
  });

  it("keeps groups within the item limit and to one key", async () => {
    const { calls, store } = controlledStore();
    const committer = new GroupCommitter<string>(store, 3);
    const all = [
      committer.commit({ items: ["a"], key: "old" }),
      committer.commit({ items: ["b", "c"], key: "new" }),
      committer.commit({ items: ["d"], key: "old" }),
      committer.commit({ items: ["e", "f"], key: "old" }),
      committer.commit({ items: ["g"], key: "new" }),
    ];
    for (let i = 0; i < 3; i++) {
      await tick();
      calls[i]!.finish();
    }
    await Promise.all(all);
    expect(calls.map((call) => call.items)).toEqual([["a"], ["b", "c", "g"], ["d", "e", "f"]]);
  });

  it("retries each write of a failed group alone, so that only the bad one fails", async () => {
    const stored: string[][] = [];
    const committer = new GroupCommitter<string>(async (items) => {
      stored.push(items);
      if (items.includes("bad")) throw new Error("bad item");
      return items.map((_, i) => BigInt(i + 1));
    });
    const blocker = committer.commit({ items: ["x"], key: "k" });
    const results = await Promise.allSettled([
      committer.commit({ items: ["a"], key: "k" }),
      committer.commit({ items: ["bad"], key: "k" }),
      committer.commit({ items: ["b"], key: "k" }),
      blocker,
    ]);
    expect(results.map((result) => result.status)).toEqual(["fulfilled", "rejected", "fulfilled", "fulfilled"]);
    expect(stored).toEqual([["x"], ["a", "bad", "b"], ["a"], ["bad"], ["b"]]);
  });

  it("fails every write of a group signed with a retired key, without retrying them", async () => {
    const stored: string[][] = [];
    const identity = { source: "database", didKey: "did:key:zRetired" } as LabelerIdentity;
    const committer = new GroupCommitter<string>(async (items) => {
      stored.push(items);
      if (items.includes("a")) throw new RetiredKeyError(identity);
      return items.map((_, i) => BigInt(i + 1));
    });
    const blocker = committer.commit({ items: ["x"], key: "k" });
    const results = await Promise.allSettled([committer.commit({ items: ["a"], key: "k" }), committer.commit({ items: ["b"], key: "k" }), blocker]);
    expect(results.map((result) => result.status)).toEqual(["rejected", "rejected", "fulfilled"]);
    expect((results[1] as PromiseRejectedResult).reason).toBeInstanceOf(RetiredKeyError);
    expect(stored).toEqual([["x"], ["a", "b"]]);
  });
});
