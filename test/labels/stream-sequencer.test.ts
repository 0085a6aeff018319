import { afterEach, describe, expect, it } from "vitest";
import { configuredTarget, db } from "@/lib/db";
import { createLabels } from "@/lib/labels/create-labels";
import type { LabelEvent } from "@/lib/labels/stream/frames";
import { createLabelSource, type LabelSource } from "@/lib/labels/stream/label-source";
import { Sequencer } from "@/lib/labels/stream/sequencer";
import { testDatabaseKind, withMigratedDatabase } from "../support/database";
import { until } from "../support/label-stream";

withMigratedDatabase();

const post = (rkey: string) => `at://did:plc:ewvi7nxzyoun6zhxrhs64oiz/app.bsky.feed.post/${rkey}`;
const emit = (prefix: string, count: number) =>
  createLabels(Array.from({ length: count }, (_, i) => ({ uri: post(`${prefix}-${i}`), val: "spam" })), "test");

const running: { sequencer: Sequencer; source: LabelSource }[] = [];

type StartOptions = { pollMs?: number; takeLocalWrites?: boolean; deaf?: boolean };

/**
 * A sequencer on its own connections, as another process's would be (unless it takes
 * this process's own writes). A poll of an hour means only NOTIFY can wake it; a deaf
 * one never hears a notification either.
 */
async function startSequencer({ pollMs = 3_600_000, takeLocalWrites = false, deaf = false }: StartOptions = {}) {
  const source = createLabelSource(configuredTarget());
  let reads = 0;
  const counted: LabelSource = {
    ...source,
    emittedAfter: (after, limit) => (reads++, source.emittedAfter(after, limit)),
    ...(deaf && { listen: async () => async () => {} }),
  };
  const sequencer = new Sequencer(counted, { pollMs, pageSize: 50, takeLocalWrites });
  running.push({ sequencer, source });
  await sequencer.start();
  const events: LabelEvent[] = [];
  sequencer.subscribe((batch) => events.push(...batch));
  return { sequencer, events, reads: () => reads };
}

afterEach(async () => {
  for (const { sequencer, source } of running.splice(0)) {
    await sequencer.stop();
    await source.close();
  }
});

describe("sequencer", () => {
  it("starts at the head: what was committed before is not announced", async () => {
    await emit("before", 3);
    const { sequencer, events } = await startSequencer();
    const head = await db().label.aggregate({ _max: { seq: true } });
    expect(sequencer.lastSeen).toBe(Number(head._max.seq));
    const [label] = await emit("after", 1);
    await until(() => events.length > 0);
    expect(events.map((event) => event.seq)).toEqual([label!.seq]);
  });

  it("wakes on NOTIFY and announces every label once, in seq order, in pages, each encoded once for all", async () => {
    const { sequencer, events } = await startSequencer();
    const second: LabelEvent[] = [];
    sequencer.subscribe((batch) => second.push(...batch));
    const written = [...(await emit("a", 120)), ...(await emit("b", 7))];
    await until(() => sequencer.lastSeen >= written.at(-1)!.seq);
    expect(events.map((event) => event.seq)).toEqual(written.map((label) => label.seq));
    // The same frame object goes to every subscriber.
    expect(second.every((event, i) => event.frame === events[i]!.frame)).toBe(true);
  });

  it("falls back to its poll when no notification comes", async () => {
    const { events } = await startSequencer({ pollMs: 20 });
    await emit("template", 1);
    // A row written without pg_notify, as if the notification were lost.
    const [row] = await db().$queryRaw<{ seq: bigint }[]>`
      INSERT INTO labels (src, uri, cid, val, neg, cts, exp, sig)
      SELECT src, uri || '-silent', cid, val, neg, cts, exp, sig FROM labels ORDER BY seq DESC LIMIT 1
      RETURNING seq`;
    await until(() => events.some((event) => event.seq === Number(row!.seq)));
  });

  it("keeps trying until the database answers, and is not ready meanwhile", async () => {
    let failures = 3;
    const real = createLabelSource(configuredTarget());
    const flaky: LabelSource = {
      ...real,
      head: () => (failures-- > 0 ? Promise.reject(new Error("relation \"labels\" does not exist")) : real.head()),
    };
    const sequencer = new Sequencer(flaky, { pollMs: 10 });
    running.push({ sequencer, source: real });
    await sequencer.start();
    expect(sequencer.ready).toBe(false);
    await until(() => sequencer.ready);
    expect(failures).toBeLessThan(0);
  });

  it("takes this process's own commits without reading them back, in the very frames a read gives", async () => {
    // Deaf: only the commits handed to it can reach its subscribers.
    const own = await startSequencer({ takeLocalWrites: true, deaf: true });
    const other = await startSequencer();
    const written: number[] = [];
    for (let i = 0; i < 5; i++) written.push(...(await emit(`own-${i}`, i + 1)).map((label) => label.seq));
    await until(() => other.sequencer.lastSeen >= written.at(-1)!);
    expect(own.reads()).toBe(0);
    expect(own.events.map((event) => event.seq)).toEqual(written);
    expect(own.events.map((event) => Buffer.from(event.frame).toString("hex"))).toEqual(other.events.map((event) => Buffer.from(event.frame).toString("hex")));
  });

  it("reads its own commits when another process's labels came first, and announces all in seq order", async () => {
    const own = await startSequencer({ takeLocalWrites: true });
    await emit("mixed-template", 1);
    // Another process's label: a row and its notification, not a write of this one.
    const [foreign] = await db().$queryRaw<{ seq: bigint }[]>`
      WITH foreign_row AS (
        INSERT INTO labels (src, uri, cid, val, neg, cts, exp, sig)
        SELECT src, uri || '-foreign', cid, val, neg, cts, exp, sig FROM labels ORDER BY seq DESC LIMIT 1
        RETURNING seq
      )
      SELECT seq, pg_notify('warden_labels', seq::text)::text AS notified FROM foreign_row`;
    const after = await emit("mixed-own", 2);
    const seqs = [Number(foreign!.seq), ...after.map((label) => label.seq)];
    await until(() => own.sequencer.lastSeen >= seqs.at(-1)!);
    expect(own.events.map((event) => event.seq).slice(-3)).toEqual(seqs);
  });

  it.skipIf(testDatabaseKind() !== "postgres")(
    "several processes sharing one Postgres each stream every label (two sequencers on their own connections, concurrent writers)",
    async () => {
      const one = await startSequencer();
      const two = await startSequencer();
      const batches = await Promise.all(Array.from({ length: 8 }, (_, i) => emit(`multi-${i}`, 25)));
      const seqs = batches.flat().map((label) => label.seq).sort((a, b) => a - b);
      await until(() => one.sequencer.lastSeen >= seqs.at(-1)! && two.sequencer.lastSeen >= seqs.at(-1)!);
      expect(one.events.map((event) => event.seq)).toEqual(seqs);
      expect(two.events.map((event) => event.seq)).toEqual(seqs);
    },
  );
});
