// queryLabels from memory against the database path, on both databases: the same answer
// text for every shape once loaded, read-your-writes right after a write, and no stale
// signature after a key rotation here or a "resigned" notice from another process.
import { afterEach, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { createLabels, LABELS_CHANNEL, RESIGNED_NOTICE } from "@/lib/labels/create-labels";
import { MemoryReads } from "@/lib/labels/memory/memory-reads";
import { queryLabels, queryLabelsJson, type QueryLabelsQuery } from "@/lib/labels/query-labels";
import { rotateSigningKey } from "@/lib/labels/rotate-signing-key";
import { startLabelStream, stopLabelStream } from "@/lib/labels/stream/label-stream";
import { withMigratedDatabase } from "../support/database";
import { until } from "../support/label-stream";

withMigratedDatabase();

const ALICE = "did:plc:alicememoryaaaaaaaaaaaaa";
const BOB = "did:plc:bobmemorybbbbbbbbbbbbbbbb";
const post = (did: string, rkey: string) => `at://${did}/app.bsky.feed.post/${rkey}`;

const QUERIES: QueryLabelsQuery[] = [
  { uriPatterns: [post(ALICE, "1")], sources: [], limit: 50 },
  { uriPatterns: [`at://${ALICE}/*`], sources: [], limit: 50 },
  { uriPatterns: [`at://${ALICE}/*`], sources: [], limit: 2, cursor: 0 },
  { uriPatterns: [`at://${BOB}/app.bsky.feed.post/*`, post(ALICE, "2"), ALICE], sources: [], limit: 50 },
  { uriPatterns: ["*"], sources: [], limit: 3 },
  { uriPatterns: ["*"], sources: [], limit: 250, cursor: 4 },
  { uriPatterns: ["*"], sources: ["did:plc:nobody" as const], limit: 50 },
  { uriPatterns: [post(BOB, "none")], sources: [], limit: 50 },
];

async function startMemory(): Promise<MemoryReads> {
  const memory = startLabelStream({ memory: true }).memory!;
  await until(() => memory.ready);
  return memory;
}

/** Every query answered from memory, as the database answers it. */
async function expectSameAsDatabase(memory: MemoryReads): Promise<void> {
  for (const query of QUERIES) {
    const fromMemory = memory.answer(query);
    expect(fromMemory, JSON.stringify(query)).toBeDefined();
    expect(fromMemory?.toString(), JSON.stringify(query)).toBe(JSON.stringify(await queryLabels(query)));
  }
}

afterEach(() => stopLabelStream());

describe("queryLabels from memory", () => {
  it("answers every shape exactly as the database does, through emissions, negations and re-emissions", async () => {
    await createLabels([...["1", "2", "3"].map((rkey) => ({ uri: post(ALICE, rkey), val: "spam" })), { uri: ALICE, val: "spam" }], "test");
    const memory = await startMemory();
    await expectSameAsDatabase(memory);

    await createLabels([{ uri: post(ALICE, "1"), val: "spam", neg: true }, { uri: post(BOB, "1"), val: "spam" }], "test");
    await createLabels([{ uri: post(ALICE, "2"), val: "spam" }, { uri: post(BOB, "2"), val: "spam", cid: "bafyreifxykqhed72s26cr4i64rxvrtofeqrly3j4vjzbkvo3ckkjbxjqtq" }], "test");
    await until(() => memory.answer(QUERIES[0]!) !== undefined);
    await expectSameAsDatabase(memory);
    expect(memory.size).toBe(6);
  });

  it("sees a write of this process as soon as it returns", async () => {
    const memory = await startMemory();
    for (let n = 0; n < 5; n++) {
      const [label] = await createLabels([{ uri: post(BOB, `rw-${n}`), val: "spam" }], "test");
      const query = { uriPatterns: [post(BOB, `rw-${n}`)], sources: [], limit: 50 };
      expect(JSON.parse((await queryLabelsJson(query)).toString()).labels).toHaveLength(1);
      expect(label!.seq).toBeGreaterThan(0);
    }
    await until(() => memory.answer(QUERIES[0]!) !== undefined);
    await expectSameAsDatabase(memory);
  });

  it("never serves a signature a rotation here replaced, and reloads after one", async () => {
    await createLabels([{ uri: post(ALICE, "1"), val: "spam" }, { uri: post(ALICE, "2"), val: "spam" }], "test");
    const memory = await startMemory();
    const before = memory.answer(QUERIES[1]!)?.toString();
    await rotateSigningKey({ actor: "test" });
    const after = JSON.stringify(await queryLabels(QUERIES[1]!));
    expect(after).not.toBe(before);
    expect(memory.answer(QUERIES[1]!)).toBeUndefined(); // the database answers until the reload
    expect((await queryLabelsJson(QUERIES[1]!)).toString()).toBe(after);
    await until(() => memory.answer(QUERIES[1]!) !== undefined);
    await expectSameAsDatabase(memory);
  });

  it("reloads when another process announces re-signed labels", async () => {
    await createLabels([{ uri: post(ALICE, "1"), val: "spam" }], "test");
    const memory = await startMemory();
    // What another process's rotation leaves: new signatures and the notice.
    await db().$executeRaw`UPDATE labels SET sig = decode(repeat('ab', 64), 'hex')`;
    await db().$executeRaw`SELECT pg_notify(${LABELS_CHANNEL}, ${RESIGNED_NOTICE})`;
    await until(() => memory.answer(QUERIES[0]!)?.includes("q6urq6urq6urq6ur") === true);
    await expectSameAsDatabase(memory);
  });

  it("gives up, and leaves every answer to the database, when the labels outgrow its share of the heap", async () => {
    await createLabels(["1", "2", "3"].map((rkey) => ({ uri: post(ALICE, rkey), val: "spam" })), "test");
    const stream = startLabelStream({ memory: false });
    const memory = new MemoryReads(stream.source, stream.sequencer, 1_000); // bytes: less than one slab of records
    memory.start();
    await until(() => memory.state === "over-budget");
    expect(memory.answer(QUERIES[0]!)).toBeUndefined();
    memory.stop();
  });
});
