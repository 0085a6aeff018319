import { beforeAll, describe, expect, it } from "vitest";
import { createLabels } from "@/lib/labels/create-labels";
import { labelHistory } from "@/lib/labels/label-history";
import { labelSearchSchema, searchLabels } from "@/lib/labels/search-labels";
import { withMigratedDatabase } from "../support/database";

withMigratedDatabase();

const alice = "at://did:plc:alice000000000000000000/app.bsky.feed.post";
const search = (params: Record<string, string>) => searchLabels(labelSearchSchema.parse(params));

beforeAll(async () => {
  await createLabels(
    [
      { uri: `${alice}/1`, val: "spam" },
      { uri: `${alice}/2`, val: "spam" },
      { uri: `${alice}/2`, val: "porn" },
      { uri: `${alice}/3`, val: "spam", exp: "2020-01-01T00:00:00Z" },
      { uri: "at://did:plc:alice_x/app.bsky.feed.post/1", val: "spam" },
      { uri: "at://did:plc:bob/app.bsky.feed.post/1", val: "gore" },
    ],
    "test",
  );
  await createLabels([{ uri: `${alice}/1`, val: "spam", neg: true }], "test");
});

describe("searchLabels", () => {
  it("lists the current state of each label, newest first, with its status", async () => {
    const { labels } = await search({});
    expect(labels.map((label) => [label.uri, label.val, label.status])).toEqual([
      [`${alice}/1`, "spam", "negated"],
      ["at://did:plc:bob/app.bsky.feed.post/1", "gore", "active"],
      ["at://did:plc:alice_x/app.bsky.feed.post/1", "spam", "active"],
      [`${alice}/3`, "spam", "expired"],
      [`${alice}/2`, "porn", "active"],
      [`${alice}/2`, "spam", "active"],
    ]);
  });

  it("matches a subject exactly, or as a prefix with a trailing *, taking _ and % literally", async () => {
    expect((await search({ subject: `${alice}/2` })).labels).toHaveLength(2);
    expect((await search({ subject: `${alice}/*` })).labels).toHaveLength(4);
    expect((await search({ subject: "at://did:plc:alice_*" })).labels.map((label) => label.uri)).toEqual([
      "at://did:plc:alice_x/app.bsky.feed.post/1",
    ]);
    expect((await search({ subject: "at://did:plc:alice%*" })).labels).toHaveLength(0);
  });

  it("filters by value and source", async () => {
    expect((await search({ val: "porn" })).labels.map((label) => label.uri)).toEqual([`${alice}/2`]);
    const { labels } = await search({});
    expect((await search({ src: labels[0]!.src })).labels).toHaveLength(6);
    expect((await search({ src: "did:web:someone.else" })).labels).toHaveLength(0);
  });

  it("pages by seq without repeats or gaps", async () => {
    const seen: string[] = [];
    let before: string | undefined;
    do {
      const page = await searchLabels(labelSearchSchema.parse(before ? { before } : {}), 4);
      seen.push(...page.labels.map((label) => label.seq));
      before = page.olderBefore ?? undefined;
    } while (before);
    expect(seen).toHaveLength(6);
    expect(new Set(seen).size).toBe(6);
  });

  it("rejects bad filters with a message", () => {
    expect(labelSearchSchema.safeParse({ before: "abc" }).error?.issues[0]?.message).toMatch(/before must be a label seq/);
    expect(labelSearchSchema.safeParse({ val: "x".repeat(200) }).success).toBe(false);
    expect(labelSearchSchema.safeParse({ subject: ["a", "b"] }).success).toBe(false);
    expect(labelSearchSchema.parse({ subject: "  ", val: "" })).toEqual({});
  });
});

describe("labelHistory", () => {
  it("lists every emission on a subject in seq order, negations included", async () => {
    const history = await labelHistory(`${alice}/1`);
    expect(history.emissions.map((emission) => [emission.val, emission.neg])).toEqual([
      ["spam", false],
      ["spam", true],
    ]);
    expect(Number(history.emissions[1]!.seq)).toBeGreaterThan(Number(history.emissions[0]!.seq));
    expect(history.truncated).toBe(false);
    expect((await labelHistory(`${alice}/2`, 1)).truncated).toBe(true);
  });
});
