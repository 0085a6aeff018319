// Conformance checks 12-18 and 31 of shared/docs/atproto-labeler.md §6, through
// @atproto/api (which validates every answer against the queryLabels lexicon) and plain
// HTTP against the custom server's XRPC route, plus the Next route handlers themselves.
import { AtpAgent, XRPCError } from "@atproto/api";
import { verifySignature } from "@atproto/crypto";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { GET as nextNotImplemented, POST as nextPostNotImplemented } from "@/app/xrpc/[...method]/route";
import { GET as nextQueryLabels, POST as nextPostQueryLabels } from "@/app/xrpc/com.atproto.label.queryLabels/route";
import { db } from "@/lib/db";
import { createLabels } from "@/lib/labels/create-labels";
import { labelerIdentity } from "@/lib/labels/labeler-identity";
import { labelToJson } from "@/lib/labels/label-codec";
import { MAX_URI_PATTERNS, parseQueryLabelsQuery, queryLabels, queryLabelsSql } from "@/lib/labels/query-labels";
import { prefixAuthority } from "@/lib/labels/subject-authority";
import { labelSource } from "@/lib/labels/stream/label-source";
import { labelSigningBytes, type UnsignedLabel } from "@/lib/labels/sign-label";
import { withMigratedDatabase } from "../support/database";
import { startTestServer, type TestServer } from "../support/label-stream";

withMigratedDatabase();

const ALICE = "at://did:plc:aliceaaaaaaaaaaaaaaaaaaa";
const BOB = "at://did:plc:bobbbbbbbbbbbbbbbbbbbbbb";
const OTHER_SOURCE = "did:plc:otherlabelerxxxxxxxxxxxx";

let server: TestServer;
let agent: AtpAgent;

beforeAll(async () => {
  await createLabels(
    [
      ...[1, 2, 3].map((n) => ({ uri: `${ALICE}/app.bsky.feed.post/${n}`, val: "spam" })),
      ...[1, 2].map((n) => ({ uri: `${BOB}/app.bsky.feed.post/${n}`, val: "spam" })),
      { uri: ALICE.slice("at://".length), val: "impersonation" }, // the account itself
      { uri: ALICE, val: "impersonation" }, // its repository: an at:// URI with no path
      { uri: `${ALICE}zzz/app.bsky.feed.post/1`, val: "spam" }, // an account whose DID extends Alice's
      ...["a_c", "abc", "ABC"].map((rkey) => ({ uri: `${BOB}/app.bsky.feed.post/${rkey}`, val: "spam" })),
      // % appears in did:web DIDs (an encoded port); a LIKE pattern would read it as a wildcard.
      { uri: "did:web:example.com%3A8080", val: "spam" },
      { uri: "did:web:example.com.evil", val: "spam" },
    ],
    "test",
  );
  // A label from another labeler (imported), to filter by source.
  await db().$executeRaw`
    WITH row AS (
      INSERT INTO labels (src, uri, val, neg, cts, sig)
      VALUES (${OTHER_SOURCE}, ${`${ALICE}/app.bsky.feed.post/1`}, 'spam', false, now(), '\\x00'::bytea) RETURNING seq)
    INSERT INTO label_heads (src, uri, cid, val, seq) SELECT ${OTHER_SOURCE}, ${`${ALICE}/app.bsky.feed.post/1`}, '', 'spam', seq FROM row`;
  server = await startTestServer();
  agent = new AtpAgent({ service: server.http });
});
afterAll(() => server?.close());

const query = async (params: { uriPatterns: string[]; sources?: string[]; limit?: number; cursor?: string }) =>
  (await agent.com.atproto.label.queryLabels(params)).data;
const uris = async (uriPatterns: string[]) => (await query({ uriPatterns, limit: 250 })).labels.map((label) => label.uri).sort();

/** A raw GET, for what @atproto/api would not send. */
async function raw(search: string): Promise<{ status: number; type: string | null; text: string; json: Record<string, unknown> }> {
  const response = await fetch(`${server.http}/xrpc/com.atproto.label.queryLabels${search}`);
  const text = await response.text();
  return { status: response.status, type: response.headers.get("content-type"), text, json: JSON.parse(text) };
}

async function allCurrentSeqs(): Promise<string[]> {
  return (await db().labelHead.findMany({ orderBy: { seq: "asc" } })).map((head) => String(head.seq));
}

describe("queryLabels (conformance checks 12-18)", () => {
  it("check 12: repeated uriPatterns are OR-ed; exact and trailing-* match; * alone returns all; a * elsewhere is 400", async () => {
    expect(await uris([`${ALICE}/app.bsky.feed.post/1`])).toEqual([`${ALICE}/app.bsky.feed.post/1`, `${ALICE}/app.bsky.feed.post/1`]);
    expect(await uris([`${ALICE}/*`])).toEqual([1, 1, 2, 3].map((n) => `${ALICE}/app.bsky.feed.post/${n}`));
    expect(await uris([`${BOB}/app.bsky.feed.post/1`, `${ALICE}/app.bsky.feed.post/3`])).toEqual([
      `${ALICE}/app.bsky.feed.post/3`,
      `${BOB}/app.bsky.feed.post/1`,
    ]);
    expect(await uris([`${ALICE}/*`, ALICE.slice(5)])).toHaveLength(5);
    expect(await uris([`${ALICE}*`])).toEqual([ALICE, ...[1, 1, 2, 3].map((n) => `${ALICE}/app.bsky.feed.post/${n}`), `${ALICE}zzz/app.bsky.feed.post/1`]);
    expect((await query({ uriPatterns: ["*"], limit: 250 })).labels).toHaveLength((await allCurrentSeqs()).length);
    for (const pattern of ["at://did:plc:*/app.bsky.feed.post/1", "*at://x", "at://x**"]) {
      const answer = await raw(`?uriPatterns=${encodeURIComponent(pattern)}`);
      expect(answer.status, pattern).toBe(400);
      expect(answer.json.error).toBe("InvalidRequest");
    }
  });

  it("check 13: _, %, \\ and case are matched literally", async () => {
    expect(await uris([`${BOB}/app.bsky.feed.post/a_c`])).toEqual([`${BOB}/app.bsky.feed.post/a_c`]);
    expect(await uris([`${BOB}/app.bsky.feed.post/a_*`])).toEqual([`${BOB}/app.bsky.feed.post/a_c`]);
    expect(await uris([`${BOB}/app.bsky.feed.post/abc`])).toEqual([`${BOB}/app.bsky.feed.post/abc`]);
    expect(await uris([`${BOB}/app.bsky.feed.post/AB*`])).toEqual([`${BOB}/app.bsky.feed.post/ABC`]);
    expect(await uris(["did:web:example.com%*"])).toEqual(["did:web:example.com%3A8080"]);
    expect(await uris(["did:web:example.com%"])).toEqual([]);
    expect(await uris([`${BOB}/app.bsky.feed.post/a\\_c`, `${BOB}/app.bsky.feed.post/a\\_*`])).toEqual([]);
  });

  it("check 14: sources filters by labeler", async () => {
    const post = `${ALICE}/app.bsky.feed.post/1`;
    const ours = (await query({ uriPatterns: [post] })).labels.find((label) => label.src !== OTHER_SOURCE)!.src;
    expect((await query({ uriPatterns: [post], sources: [OTHER_SOURCE] })).labels.map((label) => label.src)).toEqual([OTHER_SOURCE]);
    expect((await query({ uriPatterns: [post], sources: [ours] })).labels.map((label) => label.src)).toEqual([ours]);
    expect((await query({ uriPatterns: [post], sources: [ours, OTHER_SOURCE] })).labels).toHaveLength(2);
    expect((await query({ uriPatterns: [post], sources: ["did:plc:nobodyxxxxxxxxxxxxxxxxxx"] })).labels).toEqual([]);
    expect((await raw(`?uriPatterns=*&sources=not-a-did`)).status).toBe(400);
  });

  it("check 15: limit defaults to 50 and must be 1-250 (0, 251 and non-numbers are 400)", async () => {
    await createLabels(Array.from({ length: 60 }, (_, i) => ({ uri: `at://did:plc:manyyyyyyyyyyyyyyyyyyyyy/app.bsky.feed.post/${i}`, val: "spam" })), "test");
    expect((await query({ uriPatterns: ["*"] })).labels).toHaveLength(50);
    expect((await query({ uriPatterns: ["*"], limit: 1 })).labels).toHaveLength(1);
    expect((await query({ uriPatterns: ["*"], limit: 250 })).labels.length).toBeGreaterThan(60);
    for (const limit of ["0", "251", "-1", "1.5", "ten", "", "1e2", "99999999999999999999"]) {
      const answer = await raw(`?uriPatterns=*&limit=${limit}`);
      expect(answer.status, limit).toBe(400);
      expect(answer.json.message).toMatch(/^limit: /);
    }
    expect((await raw("?uriPatterns=*&limit=2&limit=3")).status).toBe(400);
  });

  it("check 16: paging by cursor returns every current label exactly once, in seq order", async () => {
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await query({ uriPatterns: ["*"], limit: 7, ...(cursor && { cursor }) });
      seen.push(...page.labels.map((label) => JSON.stringify(label)));
      cursor = page.cursor;
    } while (cursor);
    expect(new Set(seen).size).toBe(seen.length);
    const seqs = (await db().$queryRaw<{ seq: bigint }[]>`SELECT seq FROM label_heads ORDER BY seq`).map((row) => row.seq);
    expect(seen).toHaveLength(seqs.length);
    // Same order as seq: the cursor of a one-label page is that label's seq.
    const first = await query({ uriPatterns: ["*"], limit: 1 });
    expect(first.cursor).toBe(String(seqs[0]));
    for (const bad of ["abc", "-1", "1.5", "", "12345678901234567890"]) expect((await raw(`?uriPatterns=*&cursor=${bad}`)).status, bad).toBe(400);
  });

  it("check 17: errors are JSON {error, message}", async () => {
    for (const search of ["", "?uriPatterns=a*b", "?uriPatterns=*&limit=0", "?uriPatterns=*&cursor=x", "?uriPatterns=*&sources=nope"]) {
      const answer = await raw(search);
      expect(answer.status, search).toBe(400);
      expect(answer.type).toMatch(/^application\/json/);
      expect(Object.keys(answer.json).sort()).toEqual(["error", "message"]);
      expect(answer.json).toMatchObject({ error: "InvalidRequest", message: expect.any(String) });
    }
    await expect(query({ uriPatterns: ["*"], limit: 0 })).rejects.toMatchObject({ status: 400, error: "InvalidRequest" } satisfies Partial<XRPCError>);
  });

  it("check 18: the cursor is omitted (not null) when no page follows", async () => {
    const last = await raw(`?uriPatterns=${encodeURIComponent(`${ALICE}/app.bsky.feed.post/3`)}`);
    expect(last.status).toBe(200);
    expect(last.text).not.toContain("cursor");
    const none = await raw(`?uriPatterns=${encodeURIComponent("at://did:plc:nobody/*")}`);
    expect(none.json).toEqual({ labels: [] });
    const more = await raw(`?uriPatterns=*&limit=1`);
    expect(typeof more.json.cursor).toBe("string");
  });
});

describe("queryLabels state, bad input and plan", () => {
  it("every label it answers verifies with the labeler's key, from its JSON form", async () => {
    const { did, didKey } = await labelerIdentity();
    const { json } = await raw(`?uriPatterns=*&limit=250&sources=${encodeURIComponent(did)}`);
    const labels = json.labels as (UnsignedLabel & { sig: { $bytes: string } })[];
    expect(labels.length).toBeGreaterThan(10);
    for (const { sig, ...unsigned } of labels) {
      const bytes = Buffer.from(sig.$bytes, "base64");
      expect(await verifySignature(didKey, labelSigningBytes(unsigned), bytes, { allowMalleableSig: false })).toBe(true);
    }
  });


  it("answers the current state of each label: a negation replaces what it negates", async () => {
    const uri = `${ALICE}/app.bsky.feed.post/negated`;
    await createLabels([{ uri, val: "spam" }], "test");
    await createLabels([{ uri, val: "spam", neg: true }], "test");
    const { labels } = await query({ uriPatterns: [uri] });
    expect(labels).toHaveLength(1);
    expect(labels[0]).toMatchObject({ uri, val: "spam", neg: true, ver: 1 });
  });

  it("caps uriPatterns in number and length, and refuses control characters, all with 400", async () => {
    const many = Array.from({ length: MAX_URI_PATTERNS + 1 }, (_, i) => `uriPatterns=at%3A%2F%2Fx${i}`).join("&");
    expect((await raw(`?${many}`)).status).toBe(400);
    expect((await raw(`?${many.split("&").slice(1).join("&")}`)).status).toBe(200);
    expect((await raw(`?uriPatterns=at://${"x".repeat(8200)}`)).status).toBe(400);
    for (const pattern of ["%00", "at%3A%2F%2Fa%00b", "a%0Ab", "%7F"]) expect((await raw(`?uriPatterns=${pattern}`)).status, pattern).toBe(400);
  });

  it("never answers 500 to a malformed query string", async () => {
    for (const search of ["?%zz", "?uriPatterns=%E0%A4%A", "?&&&==", "?uriPatterns", "?uriPatterns=%ED%A0%80*", "?uriPatterns=*&cursor=%FF"]) {
      const { status } = await raw(search);
      expect([200, 400], search).toContain(status);
    }
  });

  it("the Next route answers like the custom server's, and POST is 405", async () => {
    const search = `?uriPatterns=${encodeURIComponent(`${ALICE}/*`)}&limit=2`;
    const viaNext = await nextQueryLabels(new Request(`http://localhost/xrpc/com.atproto.label.queryLabels${search}`));
    expect(viaNext.status).toBe(200);
    expect(await viaNext.json()).toEqual((await raw(search)).json);
    const bad = await nextQueryLabels(new Request("http://localhost/xrpc/com.atproto.label.queryLabels?uriPatterns=*&limit=0"));
    expect(bad.status).toBe(400);
    const post = await nextPostQueryLabels(new Request("http://localhost/xrpc/com.atproto.label.queryLabels", { method: "POST" }));
    expect(post.status).toBe(405);
    expect((await post.json()).error).toBe("MethodNotAllowed");
  });

  it("uses the uri index for exact URIs and prefixes (no scan of the table)", async () => {
    const plan = async (uriPatterns: string[], mode: "custom" | "generic" = "custom") => {
      const { text, values } = queryLabelsSql(parseQueryLabelsQuery(new URLSearchParams(uriPatterns.map((p) => ["uriPatterns", p]))));
      // A table this small is cheaper to scan; forbid it to see whether the index applies at all.
      const rows = await db().$transaction(async (tx) => {
        await tx.$executeRaw`SET LOCAL enable_seqscan = off`;
        if (mode === "custom") return tx.$queryRawUnsafe<{ "QUERY PLAN": string }[]>(`EXPLAIN ${text}`, ...values);
        // The plan a prepared statement settles on, made without the values.
        await tx.$executeRaw`SET LOCAL plan_cache_mode = force_generic_plan`;
        await tx.$executeRawUnsafe(`PREPARE planned AS ${text}`);
        const literals = values.map((value) => (typeof value === "number" ? value : `'${String(value).replaceAll("'", "''")}'`));
        const explained = await tx.$queryRawUnsafe<{ "QUERY PLAN": string }[]>(`EXPLAIN EXECUTE planned(${literals.join(", ")})`);
        await tx.$executeRawUnsafe("DEALLOCATE planned");
        return explained;
      });
      return rows.map((row) => row["QUERY PLAN"]).join("\n");
    };
    expect(await plan([`${ALICE}/app.bsky.feed.post/1`])).toContain("label_heads_uri_idx");
    expect(await plan(["did:web:example.com%*"])).toContain("label_heads_uri_idx");
    expect(await plan([`${ALICE}/*`, `${BOB}/app.bsky.feed.post/1`])).toMatch(/label_heads_(uri|authority_seq)_idx[\s\S]*label_heads_(uri|authority_seq)_idx/);
    // An account's records: the plan made without the values reads that account's heads
    // in seq order, whichever account it is.
    expect(await plan([`${ALICE}/*`], "generic")).toContain("label_heads_authority_seq_idx");
  });

  it("an account's prefix (at://DID/…*) matches exactly the URIs that start with it", async () => {
    const heads = await db().labelHead.findMany({ select: { uri: true } });
    const prefixes = [`${ALICE}/`, `${ALICE}/app.bsky.feed.post/`, `${ALICE}/app.bsky.feed.post/1`, `${ALICE}zzz/`, `${BOB}/app.bsky.feed.post/a_`];
    for (const prefix of prefixes) {
      expect(prefixAuthority(prefix), prefix).toBeDefined();
      const expected = heads.map((head) => head.uri).filter((uri) => uri.startsWith(prefix)).sort();
      expect(await uris([`${prefix}*`]), prefix).toEqual(expected);
    }
    expect(await db().labelHead.findMany({ where: { uri: ALICE.slice(5) }, select: { authority: true } })).toEqual([{ authority: ALICE.slice(5) }]);
  });

  it("answers look-ups that arrive together (one statement for many) exactly as one at a time", async () => {
    const heads = await db().labelHead.findMany({ orderBy: { seq: "asc" } });
    const subjects = [...new Set(heads.map((head) => head.uri))];
    const patterns = [...subjects, `${ALICE}/*`, `${BOB}/*`, `${BOB}/app.bsky.feed.post/a*`, `${ALICE}zzz/*`, "at://did:plc:nobody/*", `${ALICE}/nothing`];
    const queries = patterns.flatMap((pattern) =>
      [{ limit: 1 }, { limit: 2, cursor: Number(heads[3]!.seq) }, { limit: 50 }].map((page) => parseQueryLabelsQuery(new URLSearchParams({ uriPatterns: pattern, limit: String(page.limit), ...(page.cursor !== undefined && { cursor: String(page.cursor) }) }))),
    );
    // One at a time, each by its own statement, as queryLabelsSql writes it.
    const expected = [];
    for (const query of queries) {
      const { text, values } = queryLabelsSql(query);
      const labels = await labelSource().select(text, values);
      expected.push({ ...(labels.length > query.limit && { cursor: String(labels[query.limit - 1]!.seq) }), labels: labels.slice(0, query.limit).map(labelToJson) });
    }
    const batches = vi.spyOn(labelSource(), "selectGroups");
    try {
      expect(await Promise.all(queries.map((query) => queryLabels(query)))).toEqual(expected);
      expect(batches.mock.calls.length).toBeGreaterThan(0);
      expect(batches.mock.calls.length).toBeLessThan(queries.length); // they did go together
    } finally {
      batches.mockRestore();
    }
  });

  it("finds the account only in a prefix that names it whole", () => {
    expect(prefixAuthority("at://did:plc:abc/")).toBe("did:plc:abc");
    expect(prefixAuthority("at://did:plc:abc/app.bsky.feed.post/3k")).toBe("did:plc:abc");
    for (const partial of ["at://did:plc:abc", "at://did:plc:ab", "at://", "at:///x", "did:plc:abc/", "at://did:plc:abc#/x", "AT://did:plc:abc/"]) {
      expect(prefixAuthority(partial), partial).toBeUndefined();
    }
  });
});

describe("other XRPC methods (conformance check 31)", () => {
  it("check 31: an unknown method returns 501 MethodNotImplemented, for GET and POST", async () => {
    for (const handler of [nextNotImplemented, nextPostNotImplemented]) {
      const response = await handler(new Request("http://localhost/xrpc/com.atproto.admin.getAccountInfo"));
      expect(response.status).toBe(501);
      expect(await response.json()).toEqual({ error: "MethodNotImplemented", message: expect.stringContaining("com.atproto.admin.getAccountInfo") });
    }
  });
});
