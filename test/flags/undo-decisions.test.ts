// POST /admin/review/:id/undo: a moderator's batch decisions taken back. An undone
// clear reopens the flag (its label emitted again, the item undecided in every batch
// the clear settled); a defer or confirm just returns the item; only one's own
// decision, as submitted, is undone. A completed batch opens again.
import { beforeAll, describe, expect, it } from "vitest";
import { POST as createBatchRoute } from "@/app/admin/batches/route";
import { POST as reopen } from "@/app/admin/reopen/route";
import { POST as resolve } from "@/app/admin/resolve/route";
import { POST as submit } from "@/app/admin/review/[id]/submit/route";
import { POST as undo } from "@/app/admin/review/[id]/undo/route";
import { db } from "@/lib/db";
import { insertBatch } from "@/lib/flags/create-batch";
import { loadFlags } from "@/lib/flags/load-flags";
import { withMigratedDatabase } from "../support/database";
import { call, seedFlags, setUpTokens, type Tokens } from "./support";

withMigratedDatabase();

type Handler = Parameters<typeof call>[0];
let tokens: Tokens;
beforeAll(async () => {
  tokens = await setUpTokens();
});

async function newBatch(uris: string[]) {
  const { status, json } = await call(createBatchRoute as Handler, { token: tokens.moderator, body: { uris } });
  expect(status).toBe(200);
  return json.id as string;
}

const decisions = (pairs: [string, string][]) => pairs.map(([uri, decision]) => ({ uri, decision }));
const decide = (id: string, pairs: [string, string][], token = tokens.moderator) => call(submit as Handler, { token, params: { id }, body: { decisions: decisions(pairs) } });
const undoing = (id: string, pairs: [string, string][], token = tokens.moderator) => call(undo as Handler, { token, params: { id }, body: { decisions: decisions(pairs) } });
const item = (batchId: string, uri: string) => db().reviewBatchItem.findUniqueOrThrow({ where: { batchId_uri: { batchId, uri } } });

describe("POST /admin/review/:id/undo", () => {
  it("undoes a clear: the flag label is emitted again, the item is undecided here and in the batch the clear settled, both batches open", async () => {
    const [uri] = await seedFlags([{ rkey: "u1", title: "Undone" }]);
    const first = await newBatch([uri!]);
    // A second open batch holding it (created before batches refused that).
    const second = (await db().$transaction((tx) => insertBatch(tx, [uri!], "old", "old"))).id;
    expect((await decide(first, [[uri!, "clear"]])).json.status).toBe("completed");
    expect((await db().reviewBatch.findUniqueOrThrow({ where: { id: second } })).status).toBe("completed");
    const before = await db().label.aggregate({ _max: { seq: true } });

    const { status, json } = await undoing(first, [[uri!, "clear"]]);
    expect(status).toBe(200);
    expect(json).toEqual({ results: [{ uri, outcome: "undone", reopened: true }], message: "undid 1 decision" });

    const emitted = await db().label.findMany({ where: { uri, seq: { gt: before._max.seq! } } });
    expect(emitted).toHaveLength(1);
    expect(emitted[0]).toMatchObject({ val: "copyright-violation", neg: false, src: expect.any(String) });
    const [flag] = await loadFlags([uri!]);
    expect(flag!.status).toBe("pending");
    for (const batchId of [first, second]) {
      expect(await item(batchId, uri!)).toMatchObject({ decision: null, decidedBy: null, decidedAt: null });
      expect(await db().reviewBatch.findUniqueOrThrow({ where: { id: batchId } })).toMatchObject({ status: "pending", completedAt: null });
    }
    const audit = await db().auditEntry.findFirstOrThrow({ where: { subject: uri, action: "flag.reopen" } });
    expect(audit).toMatchObject({ actor: "mod", detail: expect.objectContaining({ reason: expect.stringContaining("undo right after submitting"), resolved_by: "mod", batches: expect.arrayContaining([first, second]) }) });
    expect(await db().auditEntry.count({ where: { subject: { in: [`batch:${first}`, `batch:${second}`] }, action: "batch.reopen" } })).toBe(2);

    // Decided again, it clears again: one more negation.
    expect((await decide(first, [[uri!, "clear"]])).json.resolved_count).toBe(1);
  });

  it("undoes a confirm and a defer without emitting anything, audited as flag.undecide", async () => {
    const uris = await seedFlags([{ rkey: "u2" }, { rkey: "u3" }]);
    const id = await newBatch(uris);
    await decide(id, [[uris[0]!, "confirm"], [uris[1]!, "defer"]]);
    const labels = await db().label.count();
    const { status, json } = await undoing(id, [[uris[0]!, "confirm"], [uris[1]!, "defer"]]);
    expect(status).toBe(200);
    expect(json.results.map((r: { outcome: string }) => r.outcome)).toEqual(["undone", "undone"]);
    expect(await db().label.count()).toBe(labels);
    expect((await item(id, uris[0]!)).decision).toBeNull();
    expect(await db().reviewBatch.findUniqueOrThrow({ where: { id } })).toMatchObject({ status: "pending" });
    const audit = await db().auditEntry.findFirstOrThrow({ where: { subject: uris[0]!, action: "flag.undecide" } });
    expect(audit).toMatchObject({ actor: "mod", detail: { batch: id, decision: "confirm", reason: "undo right after submitting" } });
  });

  it("leaves alone what is no longer this moderator's decision: another's, a different one, one already undone, an item outside the batch", async () => {
    const uris = await seedFlags([{ rkey: "u4" }, { rkey: "u5" }, { rkey: "u6" }]);
    const id = await newBatch(uris);
    await decide(id, [[uris[0]!, "clear"]], tokens.other);
    await decide(id, [[uris[1]!, "confirm"]]);
    const labels = await db().label.count();
    const { json } = await undoing(id, [[uris[0]!, "clear"], [uris[1]!, "defer"], [uris[2]!, "clear"], ["at://did:plc:x/fm.plyr.track/none", "clear"]]);
    expect(json.results.map((r: { outcome: string }) => r.outcome)).toEqual(["changed", "changed", "changed", "not_in_batch"]);
    expect(await db().label.count()).toBe(labels);
    expect((await item(id, uris[0]!)).decision).toBe("clear");
    expect((await item(id, uris[1]!)).decision).toBe("confirm");
  });

  it("undoes a clear whose flag someone resolved first by returning the item only, and a clear reopened meanwhile as changed", async () => {
    const [early, reopened] = await seedFlags([{ rkey: "u7" }, { rkey: "u8" }]);
    const id = await newBatch([early!, reopened!]);
    await call(resolve as Handler, { token: tokens.other, body: { uri: early, reason: "licensed" } });
    // The Resolve settled the item as mod2's clear: mod's own clear of it is not there to undo.
    expect((await undoing(id, [[early!, "clear"]])).json.results[0].outcome).toBe("changed");

    await decide(id, [[reopened!, "clear"]]);
    expect((await call(reopen as Handler, { token: tokens.other, body: { uri: reopened, reason: "wrong" } })).status).toBe(200);
    const labels = await db().label.count();
    expect((await undoing(id, [[reopened!, "clear"]])).json.results[0].outcome).toBe("changed");
    expect(await db().label.count()).toBe(labels);
  });

  it("refuses malformed bodies and answers 404 for an unknown batch", async () => {
    const id = "AAAAAAAAAAAAAAAAAAAAAA";
    expect((await call(undo as Handler, { params: { id }, body: { decisions: [] } })).status).toBe(400);
    const bad = await call(undo as Handler, { params: { id }, body: { decisions: [{ uri: "x", decision: "maybe" }] } });
    expect(bad.status).toBe(400);
    expect(bad.json.error.message).toMatch(/decision must be one of/);
    expect((await undoing(id, [["x", "clear"]])).status).toBe(404);
  });
});
