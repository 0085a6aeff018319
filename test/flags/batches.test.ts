// Review batches: POST /admin/batches, GET /admin/review/:id/data and
// POST /admin/review/:id/submit, with conflicts and resends as a phone produces them.
import { beforeAll, describe, expect, it } from "vitest";
import { POST as createBatchRoute } from "@/app/admin/batches/route";
import { POST as resolve } from "@/app/admin/resolve/route";
import { GET as reviewPage } from "@/app/admin/review/[id]/route";
import { GET as reviewData } from "@/app/admin/review/[id]/data/route";
import { POST as submit } from "@/app/admin/review/[id]/submit/route";
import { db } from "@/lib/db";
import { insertBatch } from "@/lib/flags/create-batch";
import { listBatches } from "@/lib/flags/list-batches";
import { withMigratedDatabase } from "../support/database";
import { setEnv } from "../support/env";
import { call, LABELER, seedFlags, setUpTokens, track, type Tokens } from "./support";

withMigratedDatabase();

type Handler = Parameters<typeof call>[0];
let tokens: Tokens;
beforeAll(async () => {
  tokens = await setUpTokens();
});

async function newBatch(rkeys: string[], token = tokens.moderator) {
  const uris = await seedFlags(rkeys.map((rkey) => ({ rkey, title: `Title ${rkey}`, artist: `${rkey}.example`, score: 0.7 })));
  const { status, json } = await call(createBatchRoute as Handler, { token, body: { uris, created_by: "loop" } });
  expect(status).toBe(200);
  return { id: json.id as string, uris };
}

const decide = (id: string, decisions: [string, string][], token = tokens.moderator) =>
  call(submit as Handler, { token, params: { id }, body: { decisions: decisions.map(([uri, decision]) => ({ uri, decision })) } });

const negations = (uri: string) => db().label.count({ where: { uri, neg: true } });

describe("POST /admin/batches", () => {
  it("answers {id, url, flag_count} with a 128-bit id and the review page's path", async () => {
    setEnv({ PUBLIC_URL: "https://warden.example" });
    const uris = await seedFlags([{ rkey: "b1" }, { rkey: "b2" }]);
    const { status, json } = await call(createBatchRoute as Handler, { body: { uris: [...uris, uris[0]], created_by: "moderation_loop" } });
    expect(status).toBe(200);
    expect(json).toEqual({
      id: expect.stringMatching(/^[\w-]{22}$/),
      url: `/review/${json.id}`,
      flag_count: 2,
      review_url: `https://warden.example/review/${json.id}`,
      skipped: [{ uri: uris[0], reason: "duplicate" }],
    });
    const batch = await db().reviewBatch.findUniqueOrThrow({ where: { id: json.id }, include: { items: { orderBy: { position: "asc" } } } });
    expect(batch).toMatchObject({ status: "pending", createdBy: "moderation_loop" });
    expect(batch.items.map((item) => item.uri)).toEqual(uris);
    expect(await db().auditEntry.count({ where: { subject: `batch:${json.id}`, action: "batch.create" } })).toBe(1);
    setEnv({ PUBLIC_URL: undefined });
  });

  it("batches the pending flags among the URIs given and answers every other one in skipped, with why", async () => {
    const [pending, resolved, later] = await seedFlags([{ rkey: "b3" }, { rkey: "b4" }, { rkey: "b5" }]);
    await call(resolve as Handler, { body: { uri: resolved, reason: "licensed" } });
    const uris = [pending, resolved, track("never-flagged"), "garbage", "", later, pending];
    const { status, json } = await call(createBatchRoute as Handler, { body: { uris, created_by: "moderation_loop" } });
    expect(status).toBe(200);
    expect(json.flag_count).toBe(2);
    expect(json.skipped).toEqual([
      { uri: resolved, reason: "resolved" },
      { uri: track("never-flagged"), reason: "unknown" },
      { uri: "garbage", reason: "unknown" },
      { uri: "", reason: "unknown" },
      { uri: pending, reason: "duplicate" },
    ]);
    const items = await db().reviewBatchItem.findMany({ where: { batchId: json.id }, orderBy: { position: "asc" } });
    expect(items.map((item) => item.uri)).toEqual([pending, later]);
    const data = await call(reviewData as Handler, { method: "GET", params: { id: json.id } });
    expect(data.json.flags).toHaveLength(json.flag_count);
    const audit = await db().auditEntry.findFirstOrThrow({ where: { subject: `batch:${json.id}` } });
    expect(audit.detail).toMatchObject({ flag_count: 2, skipped: 5 });
  });

  it("answers 422 no_pending_flags, listing the skips, when none of the URIs is pending, and creates nothing", async () => {
    const [resolved] = await seedFlags([{ rkey: "b6" }]);
    await call(resolve as Handler, { body: { uri: resolved, reason: "licensed" } });
    const before = await db().reviewBatch.count();
    const { status, json } = await call(createBatchRoute as Handler, { body: { uris: [resolved, track("never-flagged")] } });
    expect(status).toBe(422);
    expect(json.error).toMatchObject({
      code: "no_pending_flags",
      details: { skipped: [{ uri: resolved, reason: "resolved" }, { uri: track("never-flagged"), reason: "unknown" }] },
    });
    expect(await db().reviewBatch.count()).toBe(before);
  });

  it("without URIs takes every pending flag, oldest first; with none pending it is a 422", async () => {
    const [oldest] = await seedFlags([{ rkey: "b0" }]);
    const { json } = await call(createBatchRoute as Handler, { body: {} });
    // Every pending flag but those undecided in an open batch (b1, b2, b3, b5 are, from the tests above).
    const pending = await db().$queryRaw<{ n: bigint }[]>`
      SELECT count(*) AS n FROM label_heads h JOIN labels l ON l.seq = h.seq WHERE NOT l.neg AND h.val = 'copyright-violation'
        AND NOT EXISTS (SELECT 1 FROM review_batch_items i JOIN review_batches b ON b.id = i.batch_id
                        WHERE i.uri = h.uri AND i.decision IS NULL AND b.status = 'pending' AND b.id <> ${json.id})`;
    expect(json.flag_count).toBe(Number(pending[0]!.n));
    const items = await db().reviewBatchItem.findMany({ where: { batchId: json.id }, orderBy: { position: "asc" } });
    expect(items.map((item) => item.uri)).not.toContain(track("b1"));
    expect(items.map((item) => item.uri)).toContain(oldest);
    expect(await db().reviewBatch.findUniqueOrThrow({ where: { id: json.id } })).toMatchObject({ name: "Oldest pending flags" });

    // Every pending flag is in that batch now: a second call has nothing to take.
    const again = await call(createBatchRoute as Handler, { body: {} });
    expect(again.status).toBe(422);
    expect(again.json.error.message).toBe("No pending flags outside open batches to review");

    await seedFlags([{ rkey: "b00" }]);
    const empty = await call(createBatchRoute as Handler, { body: { uris: [] } });
    expect(empty.status).toBe(200); // an empty list means "all pending", as in plyr.fm
    expect(empty.json.flag_count).toBe(1);

    setEnv({ LABELER_DID: "did:web:elsewhere.test" }); // a labeler with no flags yet
    const none = await call(createBatchRoute as Handler, { body: {} });
    expect(none.status).toBe(422);
    expect(none.json.error).toMatchObject({ code: "no_pending_flags", message: "No pending flags outside open batches to review" });
    setEnv({ LABELER_DID: LABELER });
  });

  it("refuses malformed bodies", async () => {
    for (const body of [{ uris: "at://x" }, { uris: [1] }, { uris: ["x".repeat(8193)] }, { uris: Array.from({ length: 10_001 }, (_, i) => track(`x${i}`)) }, { created_by: 5 }]) {
      expect((await call(createBatchRoute as Handler, { body })).status, JSON.stringify(body).slice(0, 40)).toBe(400);
    }
  });
});

describe("flags in open batches, and batch names", () => {
  it("skips a flag undecided in an open batch, naming the batch; refuses when every one given is; batches it again once decided there", async () => {
    const uris = await seedFlags([{ rkey: "ob1" }, { rkey: "ob2" }]);
    const first = await call(createBatchRoute as Handler, { body: { uris: [uris[0]], name: "Night shift" } });
    expect(first.status).toBe(200);
    expect(await db().reviewBatch.findUniqueOrThrow({ where: { id: first.json.id } })).toMatchObject({ name: "Night shift" });

    const second = await call(createBatchRoute as Handler, { body: { uris } });
    expect(second.status).toBe(200);
    expect(second.json).toMatchObject({ flag_count: 1, skipped: [{ uri: uris[0], reason: "in_batch", batch: first.json.id, batch_name: "Night shift" }] });

    const none = await call(createBatchRoute as Handler, { body: { uris } });
    expect(none.status).toBe(422);
    expect(none.json.error).toMatchObject({ code: "no_pending_flags", message: "Every flag given is in an open batch already (Night shift, Chosen by admin (ADMIN_TOKEN))" });
    expect(none.json.error.details.skipped).toHaveLength(2);

    // Deferred there, the flag is free to batch again.
    await decide(first.json.id, [[uris[0]!, "defer"]], tokens.admin);
    const third = await call(createBatchRoute as Handler, { body: { uris: [uris[0]] } });
    expect(third.json).toMatchObject({ flag_count: 1, skipped: [] });
  });

  it("lists each batch with its name, defaulting to where the flags came from", async () => {
    const [uri] = await seedFlags([{ rkey: "nm1" }]);
    const { json } = await call(createBatchRoute as Handler, { body: { uris: [uri], created_by: "moderation_loop" } });
    const { batches } = await listBatches({ status: "all" });
    expect(batches.find((batch) => batch.id === json.id)).toMatchObject({ name: "Chosen by moderation_loop", createdBy: "moderation_loop" });
    const long = await call(createBatchRoute as Handler, { body: { uris: [uri], name: "x".repeat(201) } });
    expect(long.status).toBe(400);
  });
});

describe("GET /admin/review/:id/data", () => {
  it("answers plyr.fm's {batch_id, flags, status} with each item's decision and the progress", async () => {
    const { id, uris } = await newBatch(["d1", "d2"]);
    const { status, json } = await call(reviewData as Handler, { method: "GET", params: { id } });
    expect(status).toBe(200);
    expect(json).toMatchObject({ batch_id: id, status: "pending", created_by: "loop", reviewed: 0, total: 2 });
    expect(json.flags).toEqual([
      expect.objectContaining({ uri: uris[0], resolved: false, status: "pending", decision: null, context: expect.objectContaining({ track_title: "Title d1", matches: [expect.any(Object)] }) }),
      expect.objectContaining({ uri: uris[1], decision: null }),
    ]);
  });

  it("answers 404 for an unknown or malformed id", async () => {
    for (const id of ["AAAAAAAAAAAAAAAAAAAAAA", "../../etc", "x".repeat(500)]) {
      expect((await call(reviewData as Handler, { method: "GET", params: { id } })).status).toBe(404);
    }
  });

  it("redirects plyr.fm's old review page path to /review/{id}", async () => {
    const response = await reviewPage(new Request("http://warden.test/admin/review/abc"), { params: Promise.resolve({ id: "abc" }) });
    expect(response.status).toBe(308);
    expect(response.headers.get("location")).toBe("/review/abc");
  });
});

describe("POST /admin/review/:id/submit", () => {
  it("clears with a negation (fingerprint_noise), defers and confirms without one, and completes the batch", async () => {
    const { id, uris } = await newBatch(["s1", "s2", "s3"]);
    const { status, json } = await decide(id, [[uris[0]!, "clear"], [uris[1]!, "defer"]]);
    expect(status).toBe(200);
    expect(json).toMatchObject({ resolved_count: 1, message: "processed 2 decisions, resolved 1 flags", status: "pending", reviewed: 2, total: 3 });
    expect(json.results).toEqual([
      { uri: uris[0], decision: "clear", outcome: "applied", decided: { decision: "clear", by: "mod", at: expect.any(String) } },
      { uri: uris[1], decision: "defer", outcome: "applied", decided: { decision: "defer", by: "mod", at: expect.any(String) } },
    ]);
    expect([await negations(uris[0]!), await negations(uris[1]!)]).toEqual([1, 0]);
    expect(await db().subjectContext.findUniqueOrThrow({ where: { uri: uris[0]! } })).toMatchObject({
      resolutionReason: "fingerprint_noise",
      resolutionNotes: "batch review: cleared",
      resolvedBy: "mod",
    });

    const last = await decide(id, [[uris[2]!, "confirm"]]);
    expect(last.json).toMatchObject({ resolved_count: 0, status: "completed", reviewed: 3, total: 3 });
    expect(await negations(uris[2]!)).toBe(0);
    const batch = await db().reviewBatch.findUniqueOrThrow({ where: { id } });
    expect(batch.completedAt).toBeInstanceOf(Date);
    const actions = (await db().auditEntry.findMany({ where: { actor: "mod", OR: [{ subject: { in: uris } }, { subject: `batch:${id}` }] } })).map((e) => e.action);
    expect(actions.filter((action) => action === "flag.decide")).toHaveLength(3);
    expect(actions).toContain("batch.complete");
  });

  it("never emits twice when the same submission is sent again, even at the same time", async () => {
    const { id, uris } = await newBatch(["i1", "i2"]);
    const body: [string, string][] = [[uris[0]!, "clear"], [uris[1]!, "clear"]];
    const [first, second] = await Promise.all([decide(id, body), decide(id, body)]);
    const third = await decide(id, body);
    expect([first.status, second.status, third.status]).toEqual([200, 200, 200]);
    expect(first.json.resolved_count + second.json.resolved_count).toBe(2);
    expect(third.json).toMatchObject({ resolved_count: 0, status: "completed" });
    expect(third.json.results.map((r: { outcome: string }) => r.outcome)).toEqual(["unchanged", "unchanged"]);
    expect([await negations(uris[0]!), await negations(uris[1]!)]).toEqual([1, 1]);
  });

  it("lets the first of two moderators win and reports a per-item conflict to the second", async () => {
    const { id, uris } = await newBatch(["c1", "c2"]);
    await decide(id, [[uris[0]!, "confirm"]], tokens.moderator);
    const { status, json } = await decide(id, [[uris[0]!, "clear"], [uris[1]!, "defer"]], tokens.other);
    expect(status).toBe(200);
    expect(json.results).toEqual([
      { uri: uris[0], decision: "clear", outcome: "conflict", decided: { decision: "confirm", by: "mod", at: expect.any(String) } },
      { uri: uris[1], decision: "defer", outcome: "applied", decided: { decision: "defer", by: "mod2", at: expect.any(String) } },
    ]);
    expect(json.resolved_count).toBe(0);
    expect(json.message).toMatch(/1 already decided by someone else/);
    expect(await negations(uris[0]!)).toBe(0);
  });

  it("accepts partial submissions and counts a flag resolved elsewhere as reviewed", async () => {
    const { id, uris } = await newBatch(["p1", "p2"]);
    await call(resolve as Handler, { token: tokens.other, body: { uri: uris[0], reason: "licensed" } });
    const data = await call(reviewData as Handler, { method: "GET", params: { id } });
    expect(data.json.flags[0]).toMatchObject({ resolved: true, decision: "clear", decided_by: "mod2" });
    expect(data.json).toMatchObject({ reviewed: 1, status: "pending" });
    const { json } = await decide(id, [[uris[1]!, "clear"]]);
    expect(json.status).toBe("completed");
  });

  it("applies the known decisions and skips, with why, an unknown one, a URI outside the batch and contradictory duplicates", async () => {
    const { id, uris } = await newBatch(["v1", "v2", "v3", "v4"]);
    const body = {
      decisions: [
        { uri: uris[0], decision: "clear" },
        { uri: uris[1], decision: "approve" },
        { uri: track("elsewhere"), decision: "clear" },
        { uri: uris[2], decision: "clear" },
        { uri: uris[2], decision: "defer" },
        { uri: uris[3], decision: "confirm" },
        { uri: uris[3], decision: "confirm" },
      ],
    };
    const { status, json } = await call(submit as Handler, { params: { id }, body });
    expect(status).toBe(200);
    expect(json).toMatchObject({ resolved_count: 1, status: "pending", reviewed: 2, total: 4, message: "processed 7 decisions, resolved 1 flags, skipped 4" });
    expect(json.results.map((r: { uri: string; outcome: string }) => [r.uri, r.outcome])).toEqual([
      [uris[0], "applied"],
      [uris[3], "applied"],
    ]);
    expect(json.skipped).toEqual([
      { uri: uris[1], decision: "approve", reason: "unknown_decision" },
      { uri: uris[2], decision: "clear", reason: "conflicting_decisions" },
      { uri: uris[2], decision: "defer", reason: "conflicting_decisions" },
      { uri: track("elsewhere"), decision: "clear", reason: "not_in_batch" },
    ]);
    expect([await negations(uris[0]!), await negations(uris[2]!), await negations(track("elsewhere"))]).toEqual([1, 0, 0]);
    const items = await db().reviewBatchItem.findMany({ where: { batchId: id }, orderBy: { position: "asc" } });
    expect(items.map((item) => item.decision)).toEqual(["clear", null, null, "confirm"]);
  });

  it("answers an empty submission with nothing done, and refuses bodies of the wrong shape", async () => {
    const { id } = await newBatch(["v5"]);
    const empty = await call(submit as Handler, { params: { id }, body: { decisions: [] } });
    expect(empty.status).toBe(200);
    expect(empty.json).toMatchObject({ resolved_count: 0, reviewed: 0, total: 1, results: [], skipped: [] });
    for (const body of [{ decisions: "clear" }, {}, { decisions: [{ uri: 1, decision: "clear" }] }, { decisions: [{ uri: "x", decision: 5 }] }]) {
      const { status, json } = await call(submit as Handler, { params: { id }, body });
      expect(status, JSON.stringify(body)).toBe(400);
      expect(json.error.code).toBe("invalid_request");
    }
  });

  it("answers 404 for an unknown batch", async () => {
    expect((await decide("AAAAAAAAAAAAAAAAAAAAAA", [[track("v1"), "clear"]])).status).toBe(404);
  });

  it("settles a cleared flag's items in other open batches too", async () => {
    const { id: first, uris } = await newBatch(["m1"]);
    // Two open batches holding one flag: created before batches refused that, or by a script writing directly.
    const second = { json: await db().$transaction((tx) => insertBatch(tx, uris, "old", "old")) };
    await decide(first, [[uris[0]!, "clear"]]);
    const other = await call(reviewData as Handler, { method: "GET", params: { id: second.json.id } });
    expect(other.json).toMatchObject({ status: "completed", reviewed: 1 });
    expect(await negations(uris[0]!)).toBe(1);
  });
});
