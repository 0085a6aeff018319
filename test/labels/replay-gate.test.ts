// Replay pages take turns behind everything else: never more than the gate's slots read at
// once, in arrival order, each after the event loop has turned and other reads are done.
import { describe, expect, it } from "vitest";
import { ReplayGate, type ReplayGateOptions } from "@/lib/labels/stream/replay-gate";

/** A page read that finishes when the test says so. */
function pageRead(log: string[], name: string) {
  let finish!: () => void;
  const done = new Promise<void>((resolve) => (finish = resolve));
  return {
    finish: () => finish(),
    read: async () => {
      log.push(`start ${name}`);
      await done;
      log.push(`end ${name}`);
      return name;
    },
  };
}

const gate = (options: Partial<ReplayGateOptions> = {}) => new ReplayGate({ slots: 1, busy: () => false, maxDeferMs: 60_000, ...options });
/** Lets pending timers and immediates run until `condition` holds (bounded by the test's timeout). */
async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 1));
}

describe("ReplayGate", () => {
  it("reads at most `slots` pages at once, the others in the order they asked", async () => {
    const log: string[] = [];
    const twoSlots = gate({ slots: 2 });
    const pages = ["a", "b", "c", "d"].map((name) => pageRead(log, name));
    const results = pages.map((page) => twoSlots.read(page.read));
    await until(() => log.length === 2);
    expect(log).toEqual(["start a", "start b"]);
    pages[1]!.finish();
    await until(() => log.length === 4);
    expect(log).toEqual(["start a", "start b", "end b", "start c"]);
    pages[0]!.finish();
    pages[2]!.finish();
    pages[3]!.finish();
    expect(await Promise.all(results)).toEqual(["a", "b", "c", "d"]);
  });

  it("reads a page only after the event loop has turned, and frees its slot when a read fails", async () => {
    const oneSlot = gate();
    let started = false;
    const first = oneSlot.read(async () => {
      started = true;
      throw new Error("database gone");
    });
    for (let i = 0; i < 10; i++) await Promise.resolve();
    expect(started).toBe(false); // not within the caller's turn: I/O waiting meanwhile goes first
    await expect(first).rejects.toThrow("database gone");
    expect(await oneSlot.read(async () => "next")).toBe("next");
  });

  it("holds a page while other reads run, and reads it once they are done", async () => {
    let othersRunning = true;
    let turnsWhileBusy = 0;
    const behind = gate({ busy: () => (othersRunning && turnsWhileBusy++, othersRunning) });
    let read = false;
    const page = behind.read(async () => (read = true));
    await until(() => turnsWhileBusy > 3);
    expect(read).toBe(false);
    othersRunning = false;
    await page;
    expect(read).toBe(true);
  });

  it("still reads a page under constant load, once it has waited its longest", async () => {
    const underLoad = gate({ busy: () => true, maxDeferMs: 5 });
    expect(await underLoad.read(async () => "moved")).toBe("moved");
  });
});
