// Report subjects reviewed in batches (decision 035): POST /api/reports/batches and the
// batch's submit and undo, applied through the inbox's actions with history, audit and claims.
import { beforeAll, describe, expect, it } from "vitest";
import { POST as createRoute } from "@/app/api/reports/batches/route";
import { POST as submitRoute } from "@/app/api/reports/batches/[id]/submit/route";
import { POST as undoRoute } from "@/app/api/reports/batches/[id]/undo/route";
import { POST as flagSubmitRoute } from "@/app/admin/review/[id]/submit/route";
import { createToken } from "@/lib/auth/tokens";
import { db } from "@/lib/db";
import { parseQueryLabelsQuery, queryLabels } from "@/lib/labels/query-labels";
import { subjectItem } from "@/lib/reports/subject-batches";
import { withMigratedDatabase } from "../support/database";
import { actionTokens, postAction, reportedSubjectId } from "./support/actions";

withMigratedDatabase();

type Handler = (request: Request, context: { params: Promise<Record<string, string>> }) => Promise<Response>;
const tokens = actionTokens("subject-batches-admin-token-0123");
let other = "";
beforeAll(async () => {
  other = (await createToken({ name: "mod2", role: "moderator" }, "test")).token;
});

async function call(route: Handler, body: unknown, { token = tokens.moderator, id }: { token?: string; id?: string } = {}) {
  const request = new Request("http://warden.test/api/reports/batches", { method: "POST", headers: { "content-type": "application/json", authorization: `Bearer ${token}` }, body: JSON.stringify(body) });
  const response = await route(request, { params: Promise.resolve<Record<string, string>>(id ? { id } : {}) });
  return { status: response.status, json: await response.json() };
}

const post = (rkey: string) => ({ $type: "com.atproto.repo.strongRef" as const, uri: `at://did:plc:ewvi7nxzyoun6zhxrhs64oiz/app.bsky.feed.post/${rkey}`, cid: `bafyrei${"c".repeat(52)}` });
const subjectId = (rkey: string) => reportedSubjectId(post(rkey), post(rkey).uri);
const state = async (id: number) => (await db().reportSubject.findUniqueOrThrow({ where: { id } })).state;
const decisions = (pairs: [number, string][]) => ({ decisions: pairs.map(([id, decision]) => ({ uri: subjectItem(id), decision })) });

async function newBatch(ids: number[], act: unknown = { action: "resolve" }) {
  const { status, json } = await call(createRoute as Handler, { ids, act });
  expect(status).toBe(200);
  return json.id as string;
}

describe("POST /api/reports/batches", () => {
  it("batches open subjects in the order given and names every one left out", async () => {
    const [a, b, closed, batched] = [await subjectId("a"), await subjectId("b"), await subjectId("closed"), await subjectId("batched")];
    const nostr = await reportedSubjectId({ nostrPubkey: "ab".repeat(32) }, `nostr:pubkey:${"ab".repeat(32)}`);
    await postAction({ action: "dismiss", ids: [closed] }, tokens.moderator);
    const first = await newBatch([batched]);
    const { status, json } = await call(createRoute as Handler, { ids: [b, a, b, closed, batched, 999_999, nostr], act: { action: "label", val: "spam" }, name: "Spam sweep" });
    expect(status).toBe(200);
    expect(json).toMatchObject({ url: `/review/${json.id}`, subject_count: 2, act: { action: "label", val: "spam" } });
    expect(json.skipped).toEqual([
      { id: b, reason: "duplicate" },
      { id: closed, reason: "closed", state: "dismissed" },
      { id: batched, reason: "in_batch", batch: first, batch_name: "Resolve or dismiss, chosen by mod" },
      { id: 999_999, reason: "unknown" },
      { id: nostr, reason: "not_labelable" },
    ]);
    const batch = await db().reviewBatch.findUniqueOrThrow({ where: { id: json.id }, include: { items: { orderBy: { position: "asc" } } } });
    expect(batch).toMatchObject({ kind: "reports", name: "Spam sweep", act: { action: "label", val: "spam" }, createdBy: "mod" });
    expect(batch.items.map((item) => item.uri)).toEqual([subjectItem(b), subjectItem(a)]);
    expect(await db().auditEntry.findFirst({ where: { action: "batch.create", subject: `batch:${json.id}` } })).toMatchObject({ actor: "mod", detail: { kind: "reports", subject_count: 2, act: "Label spam", skipped: 5 } });
  });

  it("without ids takes the oldest open subjects outside open batches; a label act only Bluesky ones", async () => {
    const waiting = await subjectId("oldest");
    const nostr = await reportedSubjectId({ nostrPubkey: "cd".repeat(32) }, `nostr:pubkey:${"cd".repeat(32)}`);
    const labelled = await call(createRoute as Handler, { act: { action: "label", val: "spam" } });
    expect(labelled.status).toBe(200);
    const items = async (batch: string) => (await db().reviewBatchItem.findMany({ where: { batchId: batch } })).map((item) => item.uri);
    expect(await items(labelled.json.id)).toContain(subjectItem(waiting));
    expect(await items(labelled.json.id)).not.toContain(subjectItem(nostr));
    const rest = await call(createRoute as Handler, { act: { action: "escalate" } });
    // What the label batch left: the Nostr subjects (the first test's too), never one already batched.
    expect(await items(rest.json.id)).toContain(subjectItem(nostr));
    expect(await items(rest.json.id)).not.toContain(subjectItem(waiting));
    const none = await call(createRoute as Handler, { act: { action: "escalate" } });
    expect(none.status).toBe(422);
    expect(none.json.error.message).toBe("No open report subjects outside open batches to review");
  });

  it("refuses what cannot be a batch, with the problem named", async () => {
    const closed = await subjectId("closed2");
    await postAction({ action: "resolve", ids: [closed] }, tokens.moderator);
    const none = await call(createRoute as Handler, { ids: [closed], act: { action: "resolve" } });
    expect(none.status).toBe(422);
    expect(none.json.error.message).toMatch(/None of the 1 subjects can be batched \(closed\)/);
    expect((await call(createRoute as Handler, { ids: [closed], act: { action: "delete" } })).status).toBe(400);
    expect((await call(createRoute as Handler, { ids: [closed] })).status).toBe(400);
    expect((await call(createRoute as Handler, { ids: [closed], act: { action: "resolve" } }, { token: tokens.triage })).status).toBe(403);
  });
});

describe("a report batch's decisions", () => {
  it("dismisses, acts and defers through the inbox's actions; a resend changes nothing, another moderator's later decision conflicts", async () => {
    const [dismiss, act, later] = [await subjectId("d1"), await subjectId("d2"), await subjectId("d3")];
    const id = await newBatch([dismiss, act, later]);
    const { status, json } = await call(submitRoute as Handler, decisions([[dismiss, "clear"], [act, "confirm"], [later, "defer"]]), { id });
    expect(status).toBe(200);
    expect(json).toMatchObject({ status: "completed", reviewed: 3, total: 3, skipped: [] });
    expect(json.results.map((r: { outcome: string; state: string }) => [r.outcome, r.state])).toEqual([["applied", "dismissed"], ["applied", "resolved"], ["applied", "open"]]);
    expect([await state(dismiss), await state(act), await state(later)]).toEqual(["dismissed", "resolved", "open"]);
    const history = await db().reportSubjectEvent.findMany({ where: { subjectId: dismiss, kind: "state" } });
    expect(history).toEqual([expect.objectContaining({ actor: "mod", detail: expect.objectContaining({ action: "dismiss", from: "open", to: "dismissed", note: expect.stringContaining(`review batch ${id}`) }) })]);
    expect(await db().auditEntry.count({ where: { action: { in: ["reports.decide", "reports.dismiss", "reports.resolve"] }, actor: "mod", subject: { in: [post("d1").uri, post("d2").uri, post("d3").uri] } } })).toBe(5);
    expect(await db().auditEntry.count({ where: { action: "batch.complete", subject: `batch:${id}` } })).toBe(1);

    const again = await call(submitRoute as Handler, decisions([[dismiss, "clear"]]), { id });
    expect(again.json.results[0]).toMatchObject({ outcome: "unchanged" });
    const late = await call(submitRoute as Handler, decisions([[act, "clear"]]), { id, token: other });
    expect(late.json.results[0]).toMatchObject({ outcome: "conflict", decided: { decision: "confirm", by: "mod" } });
    expect(await state(act)).toBe("resolved");
  });

  it("skips a subject another moderator has claimed, leaving its item undecided", async () => {
    const [claimed, free] = [await subjectId("k1"), await subjectId("k2")];
    const id = await newBatch([claimed, free], { action: "escalate" });
    await postAction({ action: "claim", ids: [claimed] }, other);
    const { json } = await call(submitRoute as Handler, decisions([[claimed, "confirm"], [free, "confirm"]]), { id });
    expect(json.skipped).toEqual([{ uri: subjectItem(claimed), decision: "confirm", reason: "claimed", by: "mod2" }]);
    expect(json.results).toEqual([expect.objectContaining({ uri: subjectItem(free), outcome: "applied", state: "escalated" })]);
    expect(json).toMatchObject({ status: "pending", reviewed: 1, total: 2 });
    expect(await state(claimed)).toBe("open");
    expect((await db().reviewBatchItem.findUniqueOrThrow({ where: { batchId_uri: { batchId: id, uri: subjectItem(claimed) } } })).decision).toBeNull();
  });

  it("refuses decisions on a flag route, and an unknown batch", async () => {
    const id = await newBatch([await subjectId("f1")]);
    expect((await call(flagSubmitRoute as Handler, decisions([[1, "clear"]]), { id })).status).toBe(409);
    expect((await call(submitRoute as Handler, decisions([[1, "clear"]]), { id: "x".repeat(22) })).status).toBe(404);
    expect((await call(submitRoute as Handler, { decisions: "all" }, { id })).status).toBe(400);
  });
});

describe("undo of a report batch's decisions", () => {
  it("reopens a dismissed subject, returns an escalated one to escalated, and reopens the batch", async () => {
    const [open, escalated] = [await subjectId("u1"), await subjectId("u2")];
    await postAction({ action: "escalate", ids: [escalated] }, tokens.moderator);
    const id = await newBatch([open, escalated]);
    await call(submitRoute as Handler, decisions([[open, "clear"], [escalated, "clear"]]), { id });
    expect([await state(open), await state(escalated)]).toEqual(["dismissed", "dismissed"]);
    const { status, json } = await call(undoRoute as Handler, decisions([[open, "clear"], [escalated, "clear"]]), { id });
    expect(status).toBe(200);
    expect(json.results).toEqual([
      { uri: subjectItem(open), outcome: "undone", reopened: true, state: "open" },
      { uri: subjectItem(escalated), outcome: "undone", reopened: true, state: "escalated" },
    ]);
    expect([await state(open), await state(escalated)]).toEqual(["open", "escalated"]);
    expect((await db().reviewBatch.findUniqueOrThrow({ where: { id } })).status).toBe("pending");
    expect(await db().auditEntry.count({ where: { action: "reports.undecide", subject: post("u1").uri, actor: "mod" } })).toBe(1);
    expect(await db().auditEntry.count({ where: { action: "reports.reopen", subject: post("u1").uri, actor: "mod" } })).toBe(1);
    // Undecided again: the same subject can be decided anew.
    const redo = await call(submitRoute as Handler, decisions([[open, "defer"]]), { id });
    expect(redo.json.results[0]).toMatchObject({ outcome: "applied", state: "open" });
  });

  it("leaves a subject someone acted on since, and refuses another moderator's decisions", async () => {
    const [moved, mine] = [await subjectId("v1"), await subjectId("v2")];
    const id = await newBatch([moved, mine]);
    await call(submitRoute as Handler, decisions([[moved, "clear"], [mine, "confirm"]]), { id });
    await postAction({ action: "escalate", ids: [moved] }, other);
    const { json } = await call(undoRoute as Handler, decisions([[moved, "clear"], [mine, "confirm"]]), { id, token: other });
    expect(json.results.map((r: { outcome: string }) => r.outcome)).toEqual(["changed", "changed"]);
    const own = await call(undoRoute as Handler, decisions([[moved, "clear"]]), { id });
    expect(own.json.results).toEqual([{ uri: subjectItem(moved), outcome: "changed" }]);
    expect(await state(moved)).toBe("escalated");
  });

  it("a label act labels the post and resolves it; undo negates the label and reopens it", async () => {
    const id = await newBatch([await subjectId("l1")], { action: "label", val: "spam" });
    const subject = (await db().reportSubject.findUniqueOrThrow({ where: { key: post("l1").uri } })).id;
    const labels = async () => (await queryLabels(parseQueryLabelsQuery(new URLSearchParams({ uriPatterns: post("l1").uri })))).labels;
    await call(submitRoute as Handler, decisions([[subject, "confirm"]]), { id });
    expect(await labels()).toEqual([expect.objectContaining({ val: "spam", src: "did:web:warden.test" })]);
    expect(await state(subject)).toBe("resolved");
    const { json } = await call(undoRoute as Handler, decisions([[subject, "confirm"]]), { id });
    expect(json.results).toEqual([{ uri: subjectItem(subject), outcome: "undone", reopened: true, state: "open" }]);
    expect(await labels()).toEqual([expect.objectContaining({ val: "spam", neg: true })]);
    expect(await state(subject)).toBe("open");
  });
});
