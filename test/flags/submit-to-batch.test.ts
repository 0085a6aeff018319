// submitToBatch, shared by flag and report-subject batches: labels are signed before the
// batch's lock, so a plan that changes under the lock starts the submission over, and
// nothing of the stale plan is written.
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { submitToBatch } from "@/lib/flags/submit-to-batch";
import { withMigratedDatabase } from "../support/database";

withMigratedDatabase();

const BATCH = "submit-to-batch-test";
const uri = (n: number) => `at://did:plc:submittobatch/app.bsky.feed.post/${n}`;

/** A submission whose plan is values[n] at its n-th read (the last value repeats), with a label on that post. */
function reading(values: number[]) {
  let reads = 0;
  const applied: number[] = [];
  const submission = {
    plan: async () => values[Math.min(reads++, values.length - 1)]!,
    labels: (n: number) => [{ uri: uri(n), val: "spam" }],
    apply: async (_tx: unknown, n: number) => void applied.push(n),
    reason: "test",
  };
  return { submission, applied };
}

const labelled = (posts: number[]) => db().label.count({ where: { uri: { in: posts.map(uri) } } });

describe("submitToBatch", () => {
  it("applies the plan read under the lock, in the labels' transaction", async () => {
    const { submission, applied } = reading([1]);
    expect(await submitToBatch(BATCH, "alice", submission)).toBe(1);
    expect(applied).toEqual([1]);
    expect(await db().label.findMany({ where: { uri: uri(1) }, select: { val: true, neg: true } })).toEqual([{ val: "spam", neg: false }]);
  });

  it("gives up after three attempts whose plan changed under the lock, writing none of the stale labels", async () => {
    // Each attempt signs for one read and finds the next one under the lock.
    const { submission, applied } = reading([10, 11, 12, 13, 14, 15, 16]);
    await expect(submitToBatch(BATCH, "alice", submission)).rejects.toMatchObject({ code: "conflict", message: /kept changing/ });
    expect(applied).toEqual([]);
    expect(await labelled([10, 11, 12, 13, 14, 15, 16])).toBe(0);
  });

  it("succeeds on a later attempt once the plan holds still", async () => {
    const { submission, applied } = reading([20, 21]);
    expect(await submitToBatch(BATCH, "alice", submission)).toBe(21);
    expect(applied).toEqual([21]);
    expect(await labelled([20])).toBe(0);
    expect(await labelled([21])).toBe(1);
  });

  it("writes in a plain transaction when the plan emits no labels", async () => {
    const { submission, applied } = reading([30]);
    await submitToBatch(BATCH, "alice", { ...submission, labels: () => [] });
    expect(applied).toEqual([30]);
    expect(await labelled([30])).toBe(0);
  });
});
