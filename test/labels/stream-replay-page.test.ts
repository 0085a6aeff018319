// A replay page as the label source reads it (binary COPY on PostgreSQL, a query's rows on
// PGlite) must be the very frames the labels encode to, for every field shape.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { configuredTarget, db } from "@/lib/db";
import { createLabels } from "@/lib/labels/create-labels";
import pg from "pg";
import { to as copyTo } from "pg-copy-streams";
import { COPY_COLUMNS, CopyLabelParser, labelEventsFromCopy } from "@/lib/labels/stream/copy-label-events";
import { labelEvent } from "@/lib/labels/stream/frames";
import { createLabelSource, LABEL_COLUMNS, type LabelSource } from "@/lib/labels/stream/label-source";
import { testDatabaseKind, withMigratedDatabase } from "../support/database";

withMigratedDatabase();

const account = "at://did:plc:ewvi7nxzyoun6zhxrhs64oiz";
let source: LabelSource;

beforeAll(async () => {
  await createLabels(
    [
      { uri: `${account}/app.bsky.feed.post/plain`, val: "spam" },
      { uri: `${account}/app.bsky.feed.post/pinned`, cid: "bafyreie5737gdxlw5i64vzichcalba3z2v5n6icifvx5xytvske7mr3hpm", val: "spam" },
      { uri: `${account}/app.bsky.feed.post/expiring`, val: "!hide", exp: "2026-12-24T18:30:00.123Z" },
      { uri: `${account}/app.bsky.feed.post/far`, val: "porn", exp: "9999-12-31T23:59:59.999Z" },
      { uri: `${account}/app.bsky.feed.post/négation-✓`, val: "spam" },
      { uri: `${account}/app.bsky.feed.post/${"k".repeat(300)}`, val: "spam" }, // a two-byte length
      { uri: "did:plc:ewvi7nxzyoun6zhxrhs64oiz", val: "impersonation" },
    ],
    "test",
  );
  await createLabels([{ uri: `${account}/app.bsky.feed.post/plain`, val: "spam", neg: true }], "test");
  source = createLabelSource(configuredTarget());
});
afterAll(() => source?.close());

describe("replay pages", () => {
  it("are the frames of the current labels, byte for byte, in seq order and in pages", async () => {
    const current = await source.select(
      `SELECT ${LABEL_COLUMNS} FROM label_heads h JOIN labels l ON l.seq = h.seq ORDER BY h.seq`,
      [],
    );
    expect(current).toHaveLength(7);
    const expected = current.map(labelEvent);
    expect(await source.currentEventsAfter(0, 100)).toEqual(expected);
    const first = await source.currentEventsAfter(0, 3);
    const rest = await source.currentEventsAfter(first.at(-1)!.seq, 100);
    expect([...first, ...rest]).toEqual(expected);
    expect(await source.currentEventsAfter(expected.at(-1)!.seq, 100)).toEqual([]);
  });

  it("leave out a cid stored as empty text, as the label omits it", async () => {
    const [row] = await db().$queryRaw<{ seq: bigint }[]>`
      INSERT INTO labels (src, uri, cid, val, neg, cts, sig)
      VALUES ('did:plc:otherlabelerxxxxxxxxxxxx', ${`${account}/app.bsky.feed.post/imported`}, '', 'spam', false, now(), '\\x0102'::bytea)
      RETURNING seq`;
    await db().$executeRaw`INSERT INTO label_heads (src, uri, cid, val, seq)
      VALUES ('did:plc:otherlabelerxxxxxxxxxxxx', ${`${account}/app.bsky.feed.post/imported`}, '', 'spam', ${row!.seq})`;
    const [event] = await source.currentEventsAfter(Number(row!.seq) - 1, 1);
    const [label] = await source.select(`SELECT ${LABEL_COLUMNS} FROM labels l WHERE l.seq = $1`, [row!.seq]);
    expect(label!.cid).toBeUndefined();
    expect(event).toEqual(labelEvent(label!));
  });

  it("refuse bytes that are not a binary COPY", () => {
    expect(() => labelEventsFromCopy(Buffer.from("seq,src\n1,did:plc:x\n"))).toThrow("not a binary COPY stream");
  });

  it.skipIf(testDatabaseKind() !== "postgres")("are the same frames however the COPY stream is cut into chunks, and a cut-off stream is refused", async () => {
    const target = configuredTarget();
    const client = new pg.Client({ connectionString: target.kind === "postgres" ? target.url : "" });
    await client.connect();
    const chunks: Buffer[] = [];
    try {
      const sql = `COPY (SELECT ${COPY_COLUMNS} FROM label_heads h JOIN labels l ON l.seq = h.seq ORDER BY h.seq) TO STDOUT (FORMAT binary)`;
      for await (const chunk of client.query(copyTo(sql))) chunks.push(chunk as Buffer);
    } finally {
      await client.end();
    }
    const whole = Buffer.concat(chunks);
    const expected = labelEventsFromCopy(whole);
    expect(expected.length).toBeGreaterThanOrEqual(7);
    for (const size of [1, 2, 3, 7, 19, 20, 64, 301]) {
      const parser = new CopyLabelParser();
      for (let at = 0; at < whole.length; at += size) parser.push(whole.subarray(at, at + size));
      expect(parser.end(), `chunks of ${size} bytes`).toEqual(expected);
    }
    expect(() => labelEventsFromCopy(whole.subarray(0, whole.length - 2))).toThrow("ended before its trailer");
  });
});
