import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { createLabels } from "@/lib/labels/create-labels";
import { labelFromRow } from "@/lib/labels/label-codec";
import { labelerIdentity } from "@/lib/labels/labeler-identity";
import { unsignedLabel, verifyLabel } from "@/lib/labels/sign-label";
import { withMigratedDatabase } from "../support/database";

withMigratedDatabase();

const post = (rkey: string) => `at://did:plc:ewvi7nxzyoun6zhxrhs64oiz/app.bsky.feed.post/${rkey}`;

async function headSeq(uri: string, val: string): Promise<bigint | undefined> {
  const head = await db().labelHead.findFirst({ where: { uri, val } });
  return head?.seq;
}

describe("createLabels", () => {
  it("assigns strictly increasing seqs in input order", async () => {
    const inputs = Array.from({ length: 25 }, (_, i) => ({ uri: post(`order-${i}`), val: "spam" }));
    const labels = await createLabels(inputs, "test");
    expect(labels.map((label) => label.uri)).toEqual(inputs.map((input) => input.uri));
    for (let i = 1; i < labels.length; i++) expect(labels[i]!.seq).toBeGreaterThan(labels[i - 1]!.seq);
    const rows = await db().label.findMany({ where: { seq: { gte: BigInt(labels[0]!.seq) } }, orderBy: { seq: "asc" } });
    expect(rows.map((row) => row.uri)).toEqual(inputs.map((input) => input.uri));
  });

  it("stores concurrent writes together, each with its own actor and reason, under the seqs it was answered", async () => {
    const stored = (await Promise.all(Array.from({ length: 12 }, (_, i) => createLabels([{ uri: post(`grouped-${i}`), val: "spam" }], `actor-${i}`, `reason ${i}`)))).flat();
    expect(new Set(stored.map((label) => label.seq)).size).toBe(stored.length);
    for (const label of stored) {
      const row = await db().label.findUniqueOrThrow({ where: { seq: BigInt(label.seq) } });
      expect([row.uri, row.val]).toEqual([label.uri, label.val]);
      expect(await headSeq(label.uri, label.val)).toBe(BigInt(label.seq));
    }
    const entries = await db().auditEntry.findMany({ where: { subject: { startsWith: post("grouped-") } } });
    expect(entries).toHaveLength(stored.length);
    for (const entry of entries) {
      const n = Number(/grouped-(\d+)$/.exec(entry.subject!)![1]);
      expect([entry.actor, (entry.detail as { reason?: string }).reason]).toEqual([`actor-${n}`, `reason ${n}`]);
    }
    // They shared transactions: now() is a transaction's start, one audit time per group.
    expect(new Set(entries.map((entry) => entry.at.getTime())).size).toBeLessThan(entries.length);
  });

  it("fails a bad write alone among concurrent ones", async () => {
    const good = Array.from({ length: 12 }, (_, i) =>
      createLabels([{ uri: post(`beside-bad-${i}`), val: "porn" }, { uri: post(`beside-bad-${i}`), val: "rude" }], `actor-${i}`),
    );
    // No btree index entry can hold this subject: its transaction fails, and must not take the others with it.
    const bad = createLabels([{ uri: post(`too-long-${randomBytes(9_000).toString("hex")}`), val: "spam" }], "actor-bad");
    const more = Array.from({ length: 12 }, (_, i) => createLabels([{ uri: post(`beside-bad-${12 + i}`), val: "spam" }], `actor-${12 + i}`));
    await expect(bad).rejects.toThrow();
    const stored = (await Promise.all([...good, ...more])).flat();
    expect(stored).toHaveLength(36);
    for (const label of stored) {
      const row = await db().label.findUniqueOrThrow({ where: { seq: BigInt(label.seq) } });
      expect([row.uri, row.val]).toEqual([label.uri, label.val]);
    }
    expect(await db().auditEntry.count({ where: { subject: { startsWith: post("beside-bad-") } } })).toBe(36);
    expect(await db().label.count({ where: { uri: { startsWith: post("too-long-") } } })).toBe(0);
  });

  it("keeps the last of the same label twice in one batch as the head", async () => {
    const [first, second] = await createLabels(
      [
        { uri: post("twice"), val: "spam" },
        { uri: post("twice"), val: "spam", neg: true },
      ],
      "test",
    );
    expect(await headSeq(post("twice"), "spam")).toBe(BigInt(second!.seq));
    expect(second!.seq).toBeGreaterThan(first!.seq);
    expect(await db().label.count({ where: { uri: post("twice") } })).toBe(2); // history keeps both
  });

  it("normalises exp so that the stored label still verifies after a round trip", async () => {
    const { didKey } = await labelerIdentity();
    const [label] = await createLabels([{ uri: post("exp"), val: "spam", exp: "2030-01-01T00:00:00Z" }], "test");
    expect(label!.exp).toBe("2030-01-01T00:00:00.000Z");
    const row = await db().label.findUniqueOrThrow({ where: { seq: BigInt(label!.seq) } });
    const stored = labelFromRow(row);
    expect(stored.exp).toBe("2030-01-01T00:00:00.000Z");
    expect(await verifyLabel({ ...unsignedLabel(stored), sig: stored.sig }, didKey)).toBe(true);
  });

  it("records every label in the audit log with the actor and reason", async () => {
    const [label] = await createLabels([{ uri: post("audited"), val: "spam" }], "alice", "scanner match");
    const entry = await db().auditEntry.findFirstOrThrow({ where: { subject: post("audited") } });
    expect(entry).toMatchObject({ actor: "alice", action: "label.emit", detail: { seq: label!.seq, val: "spam", reason: "scanner match" } });
    expect(Math.abs(entry.at.getTime() - Date.now())).toBeLessThan(60_000); // stored as UTC, like Prisma's own writes
    const row = await db().label.findUniqueOrThrow({ where: { seq: BigInt(label!.seq) } });
    expect(Math.abs(row.createdAt.getTime() - Date.now())).toBeLessThan(60_000);
    expect(row.cts.toISOString()).toBe(label!.cts);
  });

  it("gives concurrent writers distinct seqs, and heads point to each key's latest", async () => {
    const batches = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        createLabels(
          [
            { uri: post("contended"), val: "spam", neg: i % 2 === 1 },
            ...Array.from({ length: 20 }, (_, j) => ({ uri: post(`writer-${i}-${j}`), val: "spam" })),
          ],
          `writer-${i}`,
        ),
      ),
    );
    const seqs = batches.flat().map((label) => label.seq);
    expect(new Set(seqs).size).toBe(seqs.length);
    // Each batch drew a contiguous run: the lock serialised the writers.
    for (const batch of batches) expect(batch.at(-1)!.seq - batch[0]!.seq).toBe(batch.length - 1);

    const contended = batches.map((batch) => batch[0]!.seq);
    expect(await headSeq(post("contended"), "spam")).toBe(BigInt(Math.max(...contended)));
    const heads = await db().labelHead.findMany({ where: { uri: { startsWith: post("writer-") } } });
    expect(heads).toHaveLength(200);
  });

  it("refuses more than 1,000 labels at once", async () => {
    const inputs = Array.from({ length: 1001 }, (_, i) => ({ uri: post(`big-${i}`), val: "spam" }));
    await expect(createLabels(inputs, "test")).rejects.toMatchObject({ code: "invalid_request" });
  });
});
