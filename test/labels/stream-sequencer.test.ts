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

/** A sequencer on its own connections. A poll of an hour means only NOTIFY can wake it. */
async function startSequencer(pollMs = 3_600_000): Promise<{ sequencer: Sequencer; events: LabelEvent[] }> {
  const source = createLabelSource(configuredTarget());
  const sequencer = new Sequencer(source, { pollMs, pageSize: 50 });
  running.push({ sequencer, source });
  await sequencer.start();
  const events: LabelEvent[] = [];
  sequencer.subscribe((batch) => events.push(...batch));
  return { sequencer, events };
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
    const { events } = await startSequencer(20);
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
