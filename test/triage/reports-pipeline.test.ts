// The triage over open report subjects: reports filed through the domain function,
// the real SDK against the fake Messages API, the inbox's own dismiss and reopen, and
// what a run and an undo leave in the subjects, their history and the audit log.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { actOnSubjects } from "@/lib/reports/act-on-subjects";
import { createSubjectBatch } from "@/lib/reports/create-subject-batch";
import { fileReport } from "@/lib/reports/file-report";
import { runTriage, type RunOptions } from "@/lib/triage/run-triage";
import { undoDecision } from "@/lib/triage/undo-decision";
import { listRunDecisions } from "@/lib/triage/views/get-run";
import { withMigratedDatabase } from "../support/database";
import { setEnv } from "../support/env";
import { FAKE_API_KEY, startFakeAnthropic, type FakeAnthropic, type FakeOptions } from "../support/fake-anthropic";

withMigratedDatabase();

const SPAM = "com.atproto.moderation.defs#reasonSpam";
const RUDE = "com.atproto.moderation.defs#reasonRude";
const post = (rkey: string) => ({
  $type: "com.atproto.repo.strongRef" as const,
  uri: `at://did:plc:ewvi7nxzyoun6zhxrhs64oiz/app.bsky.feed.post/${rkey}`,
  cid: `bafyrei${"c".repeat(52)}`,
});

let fake: FakeAnthropic | null = null;
let restoreEnv: (() => void) | null = null;

beforeEach(async () => {
  await db().$executeRawUnsafe(`TRUNCATE report_subjects, reports, report_subject_events, triage_runs, triage_decisions, triage_leases, review_batches, audit_log CASCADE`);
  restoreEnv = setEnv({ LABELER_DID: "did:web:warden.test" });
});

afterEach(async () => {
  restoreEnv?.();
  restoreEnv = null;
  await fake?.close();
  fake = null;
});

/** The fake dismisses subjects whose reports say "BUY", is unsure of "maybe", and sends the rest to a human. */
async function configure(options: FakeOptions = {}) {
  fake = await startFakeAnthropic({
    decide: (item, pipeline) => {
      if (pipeline !== "reports") return { verdict: pipeline === "relay" ? "approve" : "NEEDS_HUMAN", reason: "n/a", confidence: 0.5 };
      const text = JSON.stringify(item.data.reports);
      if (text.includes("BUY")) return { verdict: "dismiss", reason: "The report is an advertisement, not a complaint.", confidence: 0.97 };
      if (text.includes("maybe")) return { verdict: "dismiss", reason: "Probably nothing.", confidence: 0.6 };
      return { verdict: "needs_human", reason: "The report describes targeted harassment.", confidence: 0.9 };
    },
    ...options,
  });
  restoreEnv?.();
  restoreEnv = setEnv({ ANTHROPIC_API_KEY: FAKE_API_KEY, ANTHROPIC_BASE_URL: fake.url, TRIAGE_MAX_RETRIES: "0", LABELER_DID: "did:web:warden.test" });
  return fake;
}

/** Files one report on a post and returns its subject's id. */
async function report(rkey: string, reason: string, reasonType = SPAM, reporter = `did:plc:reporter${rkey}`): Promise<number> {
  await fileReport({ source: "service", reporter, reasonType, reason, subject: post(rkey) });
  return (await db().reportSubject.findUniqueOrThrow({ where: { key: post(rkey).uri } })).id;
}

const run = (options: Partial<RunOptions> = {}) => runTriage({ trigger: "cli", only: "reports", ...options });
const subject = (id: number) => db().reportSubject.findUniqueOrThrow({ where: { id }, include: { events: { orderBy: { id: "asc" } } } });
const decisionOf = (id: number) => db().triageDecision.findFirstOrThrow({ where: { pipeline: "reports", item: String(id), dryRun: false } });

describe("triage over report subjects", () => {
  it("dismisses obvious spam as a moderator would, leaves the rest open with the model's reason, and an undo reopens", async () => {
    const api = await configure();
    const spam = await report("spam", "BUY cheap followers at example.com");
    const harassment = await report("harass", "This account keeps replying to me with slurs", RUDE);
    const unsure = await report("unsure", "maybe not allowed?");

    const summary = await run();
    expect(summary.counts).toMatchObject({ auto_dismissed: 1, needs_human: 2, left_pending: 0 });

    // The model saw the subject, its counts, reason types and the reporters' words, as data.
    const sent = api.requests.flatMap((request) => request.items);
    expect(api.requests.every((request) => request.pipeline === "reports")).toBe(true);
    expect(sent.map((item) => item.data.subject).sort()).toEqual([post("harass").uri, post("spam").uri, post("unsure").uri].sort());
    expect(sent.find((item) => item.data.subject === post("harass").uri)!.data).toMatchObject({
      subject_kind: "record",
      report_count: 1,
      reporter_count: 1,
      reason_types: ["Rude"],
      reports: [{ source: "service", reason_type: "Rude", reason: "This account keeps replying to me with slurs" }],
    });

    // The spam subject is dismissed by the triage actor, with history and audit in the inbox's own shape.
    const dismissed = await subject(spam);
    expect(dismissed.state).toBe("dismissed");
    expect(dismissed.events.at(-1)).toMatchObject({ kind: "state", actor: "ai-triage", detail: expect.objectContaining({ action: "dismiss", from: "open", to: "dismissed", note: "AI triage: The report is an advertisement, not a complaint." }) });
    expect(await db().auditEntry.findMany({ where: { subject: post("spam").uri }, select: { actor: true, action: true } })).toEqual([{ actor: "ai-triage", action: "reports.dismiss" }]);
    const decision = await decisionOf(spam);
    expect(decision).toMatchObject({ verdict: "dismiss", outcome: "auto_dismissed", confidence: 0.97, undoneAt: null });

    // The others stay open, with why on record and on the run page; nothing labeled, escalated or resolved.
    expect((await subject(harassment)).state).toBe("open");
    expect((await subject(unsure)).state).toBe("open");
    expect(await decisionOf(harassment)).toMatchObject({ verdict: "needs_human", outcome: "needs_human", reason: "The report describes targeted harassment." });
    expect(await decisionOf(unsure)).toMatchObject({ verdict: "dismiss", outcome: "needs_human", error: "confidence below the automatic threshold" });
    expect(await db().auditEntry.count({ where: { actor: "ai-triage", action: { not: "reports.dismiss" } } })).toBe(0);
    expect(await db().label.count()).toBe(0);
    const page = await listRunDecisions(summary.id, {});
    expect(page.decisions.find((row) => row.item === String(spam))).toMatchObject({ undoable: true, report: { key: post("spam").uri, state: "dismissed", reportCount: 1 } });
    expect(page.decisions.find((row) => row.item === String(harassment))).toMatchObject({ undoable: false, report: { state: "open" } });

    // Decided subjects are not sent again.
    const again = await run();
    expect(again.items).toBe(0);
    expect(await db().triageLease.count()).toBe(0);

    // Undo: the subject reopens as a moderator's reopen would, audited; a second undo is a conflict.
    const undone = await undoDecision(decision.id, "mod");
    expect(undone).toMatchObject({ decision: { pipeline: "reports", item: String(spam), undoneBy: "mod" }, message: `Report subject ${spam} is open again` });
    const reopened = await subject(spam);
    expect(reopened.state).toBe("open");
    expect(reopened.events.at(-1)).toMatchObject({ kind: "state", actor: "mod", detail: expect.objectContaining({ action: "reopen", from: "dismissed", to: "open" }) });
    expect(await db().auditEntry.findMany({ where: { subject: post("spam").uri }, orderBy: { id: "asc" }, select: { actor: true, action: true } })).toEqual([
      { actor: "ai-triage", action: "reports.dismiss" },
      { actor: "mod", action: "reports.reopen" },
      { actor: "mod", action: "triage.undo" },
    ]);
    expect((await decisionOf(spam)).undoneBy).toBe("mod");
    await expect(undoDecision(decision.id, "mod")).rejects.toMatchObject({ code: "conflict" });
  });

  it("a later report reopens a dismissed subject by itself; the undo then refuses and changes nothing", async () => {
    await configure();
    const spam = await report("later", "BUY now");
    await run();
    expect((await subject(spam)).state).toBe("dismissed");

    await report("later", "they threatened me", RUDE, "did:plc:victim");
    const after = await subject(spam);
    expect(after.state).toBe("open");
    expect(after.events.at(-1)).toMatchObject({ kind: "state", actor: "did:plc:victim", detail: expect.objectContaining({ from: "dismissed", to: "open" }) });

    const decision = await decisionOf(spam);
    await expect(undoDecision(decision.id, "mod")).rejects.toMatchObject({ code: "conflict", message: expect.stringMatching(/is open now/) });
    expect((await decisionOf(spam)).undoneAt).toBeNull();
    expect(await db().auditEntry.count({ where: { action: "triage.undo" } })).toBe(0);
    // Decided once for real: the new report waits for a human, not for the model again.
    expect((await run()).items).toBe(0);
  });

  it("refuses to undo when a moderator dismissed the subject again since", async () => {
    await configure();
    const spam = await report("redo", "BUY");
    await run();
    await actOnSubjects({ action: "reopen", ids: [spam], takeOver: false }, "mod");
    await actOnSubjects({ action: "dismiss", ids: [spam], takeOver: false }, "lead");
    await expect(undoDecision((await decisionOf(spam)).id, "mod")).rejects.toMatchObject({ code: "conflict", message: expect.stringMatching(/last dismissed by lead/) });
    expect((await subject(spam)).state).toBe("dismissed");
  });

  it("leaves claimed and appealed subjects to humans", async () => {
    const api = await configure();
    const claimed = await report("claimed", "BUY");
    await actOnSubjects({ action: "claim", ids: [claimed], takeOver: false }, "mod");
    const appealed = await report("appealed", "BUY", "com.atproto.moderation.defs#reasonAppeal", "did:plc:ewvi7nxzyoun6zhxrhs64oiz");
    expect((await subject(appealed)).appealed).toBe(true);
    await report("open", "BUY");
    const summary = await run();
    expect(summary.counts.auto_dismissed).toBe(1);
    expect(api.requests.flatMap((request) => request.items).map((item) => item.data.subject)).toEqual([post("open").uri]);
    expect((await subject(claimed)).state).toBe("open");
    expect((await subject(appealed)).state).toBe("open");
  });

  it("leaves a subject waiting in a review batch to the moderator who has it, and takes it once decided there", async () => {
    const api = await configure();
    const batched = await report("batched", "BUY");
    const batch = await createSubjectBatch({ ids: [batched], act: { action: "resolve" } }, "mod");
    expect(batch.subject_count).toBe(1);
    await report("loose", "BUY");
    expect((await run()).counts.auto_dismissed).toBe(1);
    expect(api.requests.flatMap((request) => request.items).map((item) => item.data.subject)).toEqual([post("loose").uri]);
    expect((await subject(batched)).state).toBe("open");

    // Deferred in the batch ("decide later"): still the moderator's, not the model's.
    await db().reviewBatchItem.updateMany({ where: { batchId: batch.id }, data: { decision: "defer", decidedBy: "mod" } });
    expect((await run()).counts.auto_dismissed).toBe(1);
    expect((await subject(batched)).state).toBe("dismissed");
  });

  it("changes nothing in a dry run; a real run afterwards does the work", async () => {
    await configure();
    const spam = await report("dry", "BUY");
    const dry = await run({ dryRun: true });
    expect(dry.counts.auto_dismissed).toBe(1);
    expect((await subject(spam)).state).toBe("open");
    expect(await db().auditEntry.count()).toBe(0);
    expect(await db().triageDecision.findMany({ where: { item: String(spam) } })).toEqual([expect.objectContaining({ dryRun: true, outcome: "auto_dismissed" })]);
    await expect(undoDecision((await db().triageDecision.findFirstOrThrow({ where: { item: String(spam) } })).id, "mod")).rejects.toMatchObject({ code: "conflict" });

    const real = await run({ only: undefined });
    expect(real.counts.auto_dismissed).toBe(1);
    expect((await subject(spam)).state).toBe("dismissed");
  });

  it("decides nothing without a valid verdict, nor without an API key", async () => {
    await configure({ script: [{ toolInput: { verdicts: [{ id: "1", verdict: "resolve", reason: "x", confidence: 1 }] } }] });
    const spam = await report("odd", "BUY");
    const summary = await run();
    expect(summary.counts).toMatchObject({ left_pending: 1, auto_dismissed: 0 });
    expect(await db().triageDecision.findFirstOrThrow({ where: { item: String(spam) } })).toMatchObject({ verdict: null, error: expect.stringMatching(/resolve/) });
    expect((await subject(spam)).state).toBe("open");

    restoreEnv?.();
    restoreEnv = setEnv({ ANTHROPIC_API_KEY: undefined, LABELER_DID: "did:web:warden.test" });
    await expect(run()).rejects.toMatchObject({ code: "unavailable" });
    expect((await subject(spam)).state).toBe("open");
  });
});
