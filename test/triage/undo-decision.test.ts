// Undoing the triage's automatic actions: a resolved flag is flagged again, an
// auto-approved event returns to pending; one winner, 409s that say why, one audit
// entry. And the read-side views over runs and decisions.
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { loadFlags } from "@/lib/flags/load-flags";
import { createLabels } from "@/lib/labels/create-labels";
import { readSnapshot } from "@/lib/relay/read-snapshot";
import { undoDecision } from "@/lib/triage/undo-decision";
import { estimateCostUsd } from "@/lib/triage/views/estimate-cost";
import { getRunOrThrow, listRunDecisions } from "@/lib/triage/views/get-run";
import { latestDecisions } from "@/lib/triage/views/latest-decisions";
import { countRuns, listRuns } from "@/lib/triage/views/list-runs";
import { outcomesPerDay } from "@/lib/triage/views/outcomes-per-day";
import { seedFlags, setUpTokens, track } from "../flags/support";
import { withMigratedDatabase } from "../support/database";
import { autoApprove, autoResolve, insertDecision, insertRun } from "./decision-seeds";

withMigratedDatabase();

let runId: string;
beforeAll(async () => {
  await setUpTokens();
  runId = (await insertRun()).id;
});

const flagState = async (uri: string) => (await loadFlags([uri])).map((flag) => flag.status);

describe("undoing an automatic flag resolution", () => {
  it("emits a positive label, clears the resolution, marks the decision undone, audits once", async () => {
    const [uri] = await seedFlags([{ rkey: "u1", title: "Noise", score: 0.4 }]);
    const decision = await autoResolve(uri!, runId);
    expect(await flagState(uri!)).toEqual(["resolved"]);

    const result = await undoDecision(decision.id, "mod");
    expect(result).toMatchObject({
      decision: { id: decision.id.toString(), runId, pipeline: "flags", item: uri, outcome: "auto_resolved", undoneBy: "mod" },
      labels: [{ seq: expect.any(Number) }],
      message: `The flag on ${uri} is pending again`,
    });
    expect(await flagState(uri!)).toEqual(["pending"]);
    const label = await db().label.findUniqueOrThrow({ where: { seq: BigInt(result.labels![0]!.seq) } });
    expect(label).toMatchObject({ uri, val: "copyright-violation", neg: false });
    expect(await db().subjectContext.findUniqueOrThrow({ where: { uri: uri! } })).toMatchObject({
      trackTitle: "Noise",
      resolutionReason: null,
      resolvedBy: null,
      resolvedAt: null,
    });
    expect(await db().triageDecision.findUniqueOrThrow({ where: { id: decision.id } })).toMatchObject({ undoneBy: "mod", undoneAt: expect.any(Date) });
    const audit = await db().auditEntry.findMany({ where: { subject: uri, action: "triage.undo" } });
    expect(audit).toMatchObject([{ actor: "mod", detail: { decision: decision.id.toString(), run: runId, outcome: "auto_resolved" } }]);
  });

  it("a second undo is a conflict and emits nothing; two at once: one wins", async () => {
    const [a, b] = await seedFlags([{ rkey: "u2" }, { rkey: "u3" }]);
    const first = await autoResolve(a!, runId);
    await undoDecision(first.id.toString(), "mod");
    const labels = await db().label.count();
    await expect(undoDecision(first.id, "mod2")).rejects.toMatchObject({ code: "conflict", message: expect.stringMatching(/already undone by mod/) });
    expect(await db().label.count()).toBe(labels);

    const second = await autoResolve(b!, runId);
    const results = await Promise.allSettled([undoDecision(second.id, "mod"), undoDecision(second.id, "mod2")]);
    expect(results.map((r) => r.status).sort()).toEqual(["fulfilled", "rejected"]);
    expect((results.find((r) => r.status === "rejected") as PromiseRejectedResult).reason).toMatchObject({ code: "conflict" });
    expect(await db().label.count({ where: { uri: b!, neg: false } })).toBe(2);
  });

  it("refuses a dry-run decision, one that only routed to a human, and an unknown id", async () => {
    const [uri] = await seedFlags([{ rkey: "u4" }]);
    const dry = await insertDecision({ runId, pipeline: "flags", item: uri!, outcome: "auto_resolved", dryRun: true });
    await expect(undoDecision(dry.id, "mod")).rejects.toMatchObject({ code: "conflict", message: expect.stringMatching(/dry run/) });
    const human = await insertDecision({ runId, pipeline: "flags", item: uri!, outcome: "needs_human", verdict: "NEEDS_HUMAN" });
    await expect(undoDecision(human.id, "mod")).rejects.toMatchObject({ code: "conflict", message: expect.stringMatching(/needs_human.*no automatic action/) });
    await expect(undoDecision(999_999n, "mod")).rejects.toMatchObject({ code: "not_found" });
    await expect(undoDecision("12x", "mod")).rejects.toMatchObject({ code: "invalid_request" });
    expect(await flagState(uri!)).toEqual(["pending"]);
  });

  it("refuses when the flag was flagged again since", async () => {
    const [uri] = await seedFlags([{ rkey: "u5" }]);
    const decision = await autoResolve(uri!, runId, "content_deleted");
    await createLabels([{ uri: uri!, val: "copyright-violation" }], "scanner");
    await expect(undoDecision(decision.id, "mod")).rejects.toMatchObject({ code: "conflict", message: expect.stringMatching(/not resolved any more \(it was flagged again\)/) });
    expect(await db().triageDecision.findUniqueOrThrow({ where: { id: decision.id } })).toMatchObject({ undoneAt: null });
  });
});

describe("undoing an automatic approval", () => {
  it("returns the event to pending, cancels the delivery, withdraws it from the plugin's snapshot, audits", async () => {
    const { event, decision } = await autoApprove(runId);
    const { version } = await readSnapshot(undefined);
    const result = await undoDecision(decision.id, "mod");
    expect(result).toMatchObject({ delivery: "cancelled", message: `Event ${event.id} is pending again; its delivery was cancelled` });
    expect(await db().relayEvent.findUniqueOrThrow({ where: { id: event.id } })).toMatchObject({
      status: "pending",
      decidedBy: null,
      decidedAt: null,
      reason: null,
      delivery: "none",
      nextDeliveryAt: null,
    });
    expect(await readSnapshot(version)).toMatchObject({ version: version + 1, unapproved: [event.id], approved: [] });
    expect(await db().auditEntry.findMany({ where: { subject: `event:${event.id}`, action: "triage.undo" } })).toMatchObject([
      { actor: "mod", detail: { decision: decision.id.toString(), delivery: "cancelled" } },
    ]);
  });

  it("says so when the relay already had the event", async () => {
    const { event, decision } = await autoApprove(runId);
    await db().relayEvent.update({ where: { id: event.id }, data: { delivery: "delivered", nextDeliveryAt: null } });
    const result = await undoDecision(decision.id, "mod");
    expect(result.delivery).toBe("delivered");
    expect(result.message).toMatch(/already had it: it keeps its copy, Warden cannot recall it/);
    expect(await db().relayEvent.findUniqueOrThrow({ where: { id: event.id } })).toMatchObject({ status: "pending", delivery: "delivered" });
    const [entry] = await db().auditEntry.findMany({ where: { subject: `event:${event.id}`, action: "triage.undo" } });
    expect(entry?.detail).toMatchObject({ delivery: "delivered", note: expect.stringMatching(/relay keeps its copy/) });
  });

  it("refuses when a moderator decided the event since, and changes nothing", async () => {
    const { event, decision } = await autoApprove(runId);
    await db().relayEvent.update({ where: { id: event.id }, data: { status: "rejected", decidedBy: "alice", delivery: "none" } });
    const audits = await db().auditEntry.count();
    await expect(undoDecision(decision.id, "mod")).rejects.toMatchObject({
      code: "conflict",
      message: `Event ${event.id} is rejected now (decided by alice); only an automatic approval still in force can be undone`,
    });
    expect(await db().triageDecision.findUniqueOrThrow({ where: { id: decision.id } })).toMatchObject({ undoneAt: null });
    expect(await db().auditEntry.count()).toBe(audits);
  });
});

describe("views", () => {
  it("latestDecisions: the newest real decision per item, dry runs ignored, undoable said", async () => {
    const other = await insertRun();
    const a = track("v1");
    const b = track("v2");
    await insertDecision({ runId, pipeline: "flags", item: a, outcome: "left_pending", verdict: null });
    const newest = await insertDecision({ runId: other.id, pipeline: "flags", item: a, outcome: "needs_human", verdict: "NEEDS_HUMAN" });
    await insertDecision({ runId: other.id, pipeline: "flags", item: a, outcome: "auto_resolved", dryRun: true });
    const onlyB = await insertDecision({ runId, pipeline: "flags", item: b, outcome: "auto_resolved" });
    const latest = await latestDecisions("flags", [a, b, track("never")]);
    expect([...latest.keys()].sort()).toEqual([a, b].sort());
    expect(latest.get(a)).toMatchObject({ id: newest.id.toString(), outcome: "needs_human", undoable: false });
    expect(latest.get(b)).toMatchObject({ id: onlyB.id.toString(), verdict: "FALSE_POSITIVE", confidence: 0.97, undoable: true });
    expect(await latestDecisions("relay", [a])).toEqual(new Map());
  });

  it("outcomesPerDay: 14 UTC days with zeros, today's real decisions counted, older and dry ones not", async () => {
    const now = new Date();
    const before = (await outcomesPerDay(14, now)).at(-1)!;
    await insertDecision({ runId, pipeline: "relay", item: "x1", outcome: "ai_flagged", verdict: "flag" });
    await insertDecision({ runId, pipeline: "relay", item: "x2", outcome: "ai_flagged", verdict: "flag" });
    await insertDecision({ runId, pipeline: "relay", item: "x3", outcome: "ai_flagged", verdict: "flag", dryRun: true });
    await insertDecision({ runId, pipeline: "relay", item: "x4", outcome: "ai_flagged", verdict: "flag", at: new Date(now.getTime() - 20 * 86_400_000) });
    const days = await outcomesPerDay(14, now);
    expect(days).toHaveLength(14);
    expect(days.at(-1)!.day).toBe(now.toISOString().slice(0, 10));
    expect(days.at(-1)!.counts.ai_flagged).toBe(before.counts.ai_flagged + 2);
    expect(days.at(-1)!.total).toBe(before.total + 2);
    expect(days[0]).toMatchObject({ total: 0 });
  });

  it("listRuns pages newest first; a run without stored counts is counted from its decisions", async () => {
    const base = Date.now() + 60_000;
    const runs = [];
    for (let i = 0; i < 3; i++) runs.push(await insertRun({ startedAt: new Date(base + i * 1000), counts: i === 0 ? { auto_resolved: 4, bogus: 9 } : null }));
    await insertDecision({ runId: runs[1]!.id, pipeline: "relay", item: "y1", outcome: "auto_approved" });
    const first = await listRuns({}, 2);
    expect(first.runs.map((run) => run.id)).toEqual([runs[2]!.id, runs[1]!.id]);
    expect(first.runs[1]).toMatchObject({ counts: { auto_approved: 1 }, items: 1 });
    const second = await listRuns({ before: first.nextBefore! }, 2);
    expect(second.runs[0]).toMatchObject({ id: runs[0]!.id, counts: { auto_resolved: 4 }, items: 4 });
    // 1M input + 100k output tokens of Haiku 4.5 at $1 / $5 per million.
    expect(second.runs[0]!.estimatedCostUsd).toBeCloseTo(1.5);
    await expect(listRuns({ before: "no-such-run" })).rejects.toMatchObject({ code: "invalid_request" });
    // The runs table's "of N" is every run the pages walk through, dry runs included.
    await insertRun({ dryRun: true, startedAt: new Date(base - 1000) });
    let walked = 0;
    for (let before: string | undefined, first = true; first || before; first = false) {
      const page = await listRuns({ before }, 2);
      walked += page.runs.length;
      before = page.nextBefore ?? undefined;
    }
    expect(await countRuns()).toBe(walked);

    const run = await getRunOrThrow(runs[1]!.id);
    expect(run.items).toBe(1);
    expect((await listRunDecisions(runs[1]!.id, {})).decisions).toMatchObject([{ item: "y1", outcome: "auto_approved" }]);
    await expect(getRunOrThrow("missing")).rejects.toMatchObject({ code: "not_found" });
  });

  it("listRunDecisions shows each item's evidence: the flag's track, uploader, score and matches; the event's text", async () => {
    const runId = (await insertRun()).id;
    const [uri] = await seedFlags([{ rkey: "ev1", title: "Evidence", artist: "up.example", score: 0.8 }]);
    await insertDecision({ runId, pipeline: "flags", item: uri!, outcome: "needs_human" });
    await insertDecision({ runId, pipeline: "flags", item: track("ev-none"), outcome: "needs_human" });
    const { event } = await autoApprove(runId);
    const [flag, bare, relay] = (await listRunDecisions(runId, {})).decisions;
    expect(flag).toMatchObject({ event: null, flag: { title: "Evidence", artist: "up.example", score: 0.8, href: "https://plyr.fm/track/3", matches: [{ title: "Original of Evidence", artist: "Famous", score: 0.8 }] } });
    // Without scanner context: the record itself is the link.
    expect(bare!.flag).toMatchObject({ title: "Unknown track", href: `https://pdsls.dev/${track("ev-none")}`, matches: [] });
    expect(relay).toMatchObject({ flag: null, event: { pubkey: event.pubkey, kind: "kind 1 · short note", snippet: event.content } });
  });

  it("estimateCostUsd: cache reads at 10 % and writes at 125 % of input; unknown models have no estimate", () => {
    const usage = { inputTokens: 0, outputTokens: 0, cacheReadTokens: 1_000_000, cacheWriteTokens: 1_000_000 };
    expect(estimateCostUsd("claude-sonnet-4-5", usage)).toBeCloseTo(3 * 0.1 + 3 * 1.25);
    expect(estimateCostUsd("claude-opus-4-1-20250805", { ...usage, cacheReadTokens: 0, cacheWriteTokens: 0, outputTokens: 1_000_000 })).toBe(75);
    expect(estimateCostUsd("gpt-4o", usage)).toBeNull();
  });
});
