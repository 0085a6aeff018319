// The memory index against a plain model of label_heads: for any emissions (in seq order,
// or a load's heads and the live emissions it overlaps, in either order) and any query,
// it answers exactly what filtering the current labels in seq order answers.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { labelToJson, type StoredLabel } from "@/lib/labels/label-codec";
import { LabelIndex, type LabelQuery } from "@/lib/labels/memory/label-index";
import { authorityOf, prefixAuthority } from "@/lib/labels/subject-authority";

const ACCOUNTS = ["did:plc:alice", "did:plc:alicezz", "did:web:example.com%3A8080"];
// One record key that JSON escapes (a quote, a backslash) beside characters it writes as they are.
const URIS = ACCOUNTS.flatMap((did) => [did, `at://${did}`, `at://${did}/app.bsky.feed.post/1`, `at://${did}/app.bsky.feed.post/2`, `at://${did}/app.bsky.actor.profile/self`, `at://${did}/app.bsky.feed.post/"é\\`]);
const SOURCES = ["did:plc:labeler", "did:plc:other"];
const VALUES = ["spam", "porn", "!hide"];
const CIDS = [undefined, "bafyreia", "bafyreib"];

const emission = fc.record({
  uri: fc.constantFrom(...URIS),
  src: fc.constantFrom(...SOURCES),
  val: fc.constantFrom(...VALUES),
  cid: fc.constantFrom(...CIDS),
  neg: fc.boolean(),
  exp: fc.option(fc.constant("2031-01-01T00:00:00.000Z"), { nil: undefined }),
});

const pattern = fc.oneof(
  fc.constantFrom(...URIS),
  fc.constantFrom(...ACCOUNTS.flatMap((did) => [`at://${did}/*`, `at://${did}/app.bsky.feed.post/*`])),
  fc.constant("*"),
);
const query = fc.record({
  uriPatterns: fc.array(pattern, { minLength: 1, maxLength: 4 }),
  sources: fc.subarray(SOURCES),
  limit: fc.integer({ min: 1, max: 12 }),
  cursor: fc.option(fc.integer({ min: 0, max: 60 }), { nil: undefined }),
});

const toStored = (raw: { uri: string; src: string; val: string; cid?: string; neg: boolean; exp?: string }[]): StoredLabel[] =>
  raw.map((r, i) => ({
    ver: 1,
    src: r.src,
    uri: r.uri,
    ...(r.cid !== undefined && { cid: r.cid }),
    val: r.val,
    ...(r.neg && { neg: true as const }),
    cts: new Date(Date.UTC(2026, 0, 1, 0, 0, i)).toISOString(),
    ...(r.exp !== undefined && { exp: r.exp }),
    sig: Uint8Array.from({ length: 64 }, (_, b) => (b + i) % 256),
    seq: i + 1,
  }));

/** label_heads and queryLabelsSql, the slow and obvious way. */
function modelAnswer(labels: StoredLabel[], { uriPatterns, sources, limit, cursor = 0 }: LabelQuery): string {
  const heads = new Map<string, StoredLabel>();
  for (const label of labels) heads.set(JSON.stringify([label.src, label.uri, label.cid ?? "", label.val]), label);
  const matches = (uri: string) =>
    uriPatterns.some((p) => p === "*" || (p.endsWith("*") ? uri.startsWith(p.slice(0, -1)) && authorityOf(uri) === prefixAuthority(p.slice(0, -1)) : uri === p));
  const found = [...heads.values()]
    .filter((label) => label.seq > cursor && matches(label.uri) && (sources.length === 0 || sources.includes(label.src)))
    .sort((a, b) => a.seq - b.seq)
    .slice(0, limit + 1);
  const page = found.slice(0, limit);
  return JSON.stringify({ ...(found.length > limit && { cursor: String(page.at(-1)!.seq) }), labels: page.map(labelToJson) });
}

describe("the memory index", () => {
  it("answers every query as label_heads would, after any emissions in seq order", () => {
    fc.assert(
      fc.property(fc.array(emission, { maxLength: 60 }), fc.array(query, { minLength: 1, maxLength: 8 }), (raw, queries) => {
        const labels = toStored(raw);
        const index = new LabelIndex();
        index.apply(labels);
        for (const q of queries) expect(index.answer(q)?.toString()).toBe(modelAnswer(labels, q));
        expect(index.appliedSeq).toBe(labels.at(-1)?.seq ?? 0);
      }),
      { numRuns: 400 },
    );
  });

  it("gives the same answers when a load's heads and the emissions it overlaps arrive out of order", () => {
    fc.assert(
      fc.property(fc.array(emission, { maxLength: 60 }), fc.nat(), fc.array(query, { minLength: 1, maxLength: 8 }), (raw, split, queries) => {
        const labels = toStored(raw);
        const cut = labels.length ? split % (labels.length + 1) : 0;
        // The load reads the heads of everything before the cut; live emissions overlap it from a few seqs earlier.
        const loaded = [...new Map(labels.slice(0, cut).map((l) => [JSON.stringify([l.src, l.uri, l.cid ?? "", l.val]), l])).values()].sort((a, b) => a.seq - b.seq);
        const index = new LabelIndex();
        index.apply(loaded);
        index.apply(labels.slice(Math.max(0, cut - 5)));
        index.apply(loaded); // delivered twice: older than what the index holds, so nothing changes
        for (const q of queries) expect(index.answer(q)?.toString()).toBe(modelAnswer(labels, q));
      }),
      { numRuns: 300 },
    );
  });

  it("keeps answering exactly while most heads are superseded (dead heads are dropped)", () => {
    const labels = toStored(Array.from({ length: 2_000 }, (_, i) => ({ uri: URIS[i % 4]!, src: SOURCES[0]!, val: VALUES[Math.floor(i / 4) % 2]!, neg: i % 3 === 0 })));
    const index = new LabelIndex();
    for (const label of labels) index.apply([label]);
    expect(index.size).toBe(8);
    for (const cursor of [0, 1_990, 1_999]) {
      for (const uriPatterns of [["*"], [URIS[1]!], [URIS[2]!, URIS[3]!], [`${URIS[1]}/*`]]) {
        const q = { uriPatterns, sources: [], limit: 5, cursor };
        expect(index.answer(q)?.toString()).toBe(modelAnswer(labels, q));
      }
    }
  });

  it("leaves a prefix that names no account to the database", () => {
    const index = new LabelIndex();
    index.apply(toStored([{ uri: URIS[2]!, src: SOURCES[0]!, val: "spam", neg: false }]));
    expect(index.answer({ uriPatterns: ["at://did:plc:ali*"], sources: [], limit: 50 })).toBeUndefined();
    expect(index.answer({ uriPatterns: ["did:plc:alice*"], sources: [], limit: 50 })).toBeUndefined();
  });
});
