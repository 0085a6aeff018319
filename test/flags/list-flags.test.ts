// GET /admin/flags and the list behind /flags: filters, search, both sort orders and
// keyset pagination that neither skips nor repeats a flag.
import { beforeAll, describe, expect, it } from "vitest";
import { GET as listRoute } from "@/app/admin/flags/route";
import { POST as resolve } from "@/app/admin/resolve/route";
import { countFlags } from "@/lib/flags/count-flags";
import { createLabels } from "@/lib/labels/create-labels";
import { allFlags, listFlags, listFlagsQuerySchema } from "@/lib/flags/list-flags";
import { withMigratedDatabase } from "../support/database";
import { call, seedFlags, setUpTokens, track } from "./support";

withMigratedDatabase();

type Handler = Parameters<typeof call>[0];
const list = (query: Record<string, string> = {}) => listFlags(listFlagsQuerySchema.parse(query), Number(query.limit ?? 50));

beforeAll(async () => {
  await setUpTokens();
  // 30 flags: every third one unscored, scores with ties; two resolved; one other value.
  await seedFlags(
    Array.from({ length: 30 }, (_, i) => ({
      rkey: `f${String(i).padStart(2, "0")}`,
      title: i === 7 ? "Blue 100% Monday" : `Song ${i}`,
      artist: i === 8 ? "dj.blue.example" : `artist${i}.example`,
      score: i % 3 === 0 ? undefined : [0.5, 0.9, 0.7][i % 3]! + (i % 5) / 100,
    })),
  );
  await createLabels([{ uri: track("spam"), val: "spam" }], "scanner");
  for (const rkey of ["f03", "f04"]) await call(resolve as Handler, { body: { uri: track(rkey), reason: "licensed" } });
});

async function walk(query: Record<string, string>) {
  const seen: string[] = [];
  let cursor: string | undefined;
  do {
    const page = await list({ ...query, ...(cursor && { cursor }) });
    seen.push(...page.flags.map((flag) => flag.uri));
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return seen;
}

describe("listing flags", () => {
  it("pages newest first by keyset without gaps or repeats, pending by default", async () => {
    const seen = await walk({ limit: "7" });
    expect(seen).toHaveLength(28);
    expect(new Set(seen).size).toBe(28);
    expect(seen[0]).toBe(track("f29"));
    expect(seen).not.toContain(track("f03"));
    expect(seen).not.toContain(track("spam"));
  });

  it("filters resolved and all, agreeing with the dashboard's counts", async () => {
    expect(await walk({ filter: "resolved" })).toEqual([track("f04"), track("f03")]);
    expect(await walk({ filter: "all", limit: "11" })).toHaveLength(30);
    expect(await countFlags()).toEqual({ pending: 28, resolved: 2, expired: 0 });
  });

  it("sorts by score, highest first, then the unscored ones newest first, across page boundaries", async () => {
    const flags = [];
    let cursor: string | undefined;
    do {
      const page = await list({ sort: "score", limit: "4", ...(cursor && { cursor }) });
      flags.push(...page.flags);
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(flags).toHaveLength(28);
    expect(new Set(flags.map((flag) => flag.uri)).size).toBe(28);
    const scores = flags.map((flag) => flag.context?.highestScore ?? null);
    const scored = scores.filter((score): score is number => score !== null);
    expect(scored).toEqual([...scored].sort((a, b) => b - a));
    expect(scores.indexOf(null)).toBe(scored.length); // every unscored one after the scored ones
  });

  it("searches title, artist (with or without @) and URI prefix, escaping LIKE wildcards", async () => {
    expect((await list({ q: "blue 100%" })).flags.map((f) => f.uri)).toEqual([track("f07")]);
    expect((await list({ q: "100_" })).flags).toHaveLength(0);
    expect((await list({ q: "@dj.blue" })).flags.map((f) => f.uri)).toEqual([track("f08")]);
    expect((await list({ q: "blue" })).flags.map((f) => f.uri)).toEqual([track("f08"), track("f07")]);
    expect((await list({ q: track("f1") })).flags).toHaveLength(10);
  });
});

describe("windows over many flags", () => {
  it("finds a rare match far below the first window, and pages past a run of recent resolutions", async () => {
    await seedFlags([{ rkey: "needle", title: "Needle In A Haystack" }]);
    await seedFlags(Array.from({ length: 450 }, (_, i) => ({ rkey: `hay${i}`, title: `Hay ${i}` })));
    expect((await list({ q: "needle" })).flags.map((f) => f.uri)).toEqual([track("needle")]);

    // The 120 newest flags resolved: the newest pending one lies past them all.
    for (let i = 449; i >= 330; i--) await call(resolve as Handler, { body: { uri: track(`hay${i}`), reason: "other" } });
    const page = await list({ limit: "3" });
    expect(page.flags.map((f) => f.uri)).toEqual([track("hay329"), track("hay328"), track("hay327")]);
    expect((await list({ filter: "resolved", limit: "2" })).flags.map((f) => f.uri)).toEqual([track("hay330"), track("hay331")]);
  });
});

describe("GET /admin/flags", () => {
  it("answers {tracks, cursor} in plyr.fm's shape", async () => {
    const { status, json } = await call(listRoute as Handler, { method: "GET", path: "/admin/flags?filter=pending&limit=2&q=song" });
    expect(status).toBe(200);
    expect(json.tracks).toHaveLength(2);
    expect(json.tracks[0]).toEqual({
      seq: expect.any(Number),
      uri: track("f29"),
      val: "copyright-violation",
      created_at: expect.any(String),
      resolved: false,
      status: "pending",
      context: {
        track_id: 3,
        track_title: "Song 29",
        artist_handle: "artist29.example",
        artist_did: null,
        highest_score: expect.any(Number),
        matches: [{ title: "Original of Song 29", artist: "Famous", score: expect.any(Number) }],
      },
    });
    expect(json.cursor).toEqual(expect.any(String));
    const next = await call(listRoute as Handler, { method: "GET", path: `/admin/flags?limit=2&q=song&cursor=${json.cursor}` });
    expect(next.json.tracks.map((t: { uri: string }) => t.uri)).toEqual([track("f27"), track("f26")]);
  });

  it("answers every match, streamed, when asked without limit or cursor (plyr.fm's loop reads no cursor)", async () => {
    const queries: Record<string, string>[] = [{}, { filter: "all" }, { filter: "resolved" }, { sort: "score" }, { q: "song" }, { q: "song", sort: "score" }];
    for (const query of queries) {
      const path = `/admin/flags?${new URLSearchParams(query)}`;
      const { status, json } = await call(listRoute as Handler, { method: "GET", path });
      expect(status, path).toBe(200);
      expect(json.cursor, path).toBeNull();
      expect(json.tracks.map((t: { uri: string }) => t.uri), path).toEqual(await walk(query));
    }
  });

  it("pages the unpaged answer internally without gaps or repeats, whatever the page size", async () => {
    for (const query of [{ filter: "all", sort: "score" }, { filter: "pending", sort: "newest" }, { filter: "all", sort: "newest" }] as const) {
      for (const pageSize of [1, 7, 28, 29]) {
        const seen: string[] = [];
        for await (const page of allFlags(query, pageSize)) seen.push(...page.map((flag) => flag.uri));
        expect(seen, `${JSON.stringify(query)} by ${pageSize}`).toEqual(await walk(query));
      }
    }
  });

  it("answers 400, never 500, to bad parameters", async () => {
    for (const query of ["filter=open", "sort=oldest", "limit=0", "limit=5000", "cursor=garbage", `cursor=${Buffer.from('{"k":"newest","seq":-1}').toString("base64url")}`]) {
      const { status, json } = await call(listRoute as Handler, { method: "GET", path: `/admin/flags?${query}` });
      expect(status, query).toBe(400);
      expect(json.error.code).toBe("invalid_request");
    }
    const scoreCursor = (await list({ sort: "score", limit: "1" })).nextCursor!;
    expect((await call(listRoute as Handler, { method: "GET", path: `/admin/flags?cursor=${scoreCursor}` })).status).toBe(400);
  });
});
