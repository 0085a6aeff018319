// GET and POST /api/reports, called as Next calls them, and the subject's life:
// grouping, duplicates, reopening, muted reporters, the hourly limit, keyset pages.
import { beforeAll, describe, expect, it } from "vitest";
import * as reportRoute from "@/app/api/reports/[id]/route";
import * as reportersRoute from "@/app/api/reports/reporters/route";
import * as reportsRoute from "@/app/api/reports/route";
import { createToken } from "@/lib/auth/tokens";
import { db } from "@/lib/db";
import { actOnSubjects } from "@/lib/reports/act-on-subjects";
import { countSubjects, listSubjects, listSubjectsQuerySchema } from "@/lib/reports/list-subjects";
import { recentReporters } from "@/lib/reports/mute-reporter";
import { withMigratedDatabase } from "../support/database";
import { setEnv } from "../support/env";

withMigratedDatabase();

const ADMIN = "reports-admin-token-0123456789";
const SPAM = "com.atproto.moderation.defs#reasonSpam";
const RUDE = "com.atproto.moderation.defs#reasonRude";
const post = (rkey: string) => ({ uri: `at://did:plc:ewvi7nxzyoun6zhxrhs64oiz/app.bsky.feed.post/${rkey}`, cid: `bafyrei${"a".repeat(52)}` });
let scanner: string;
let scanner2: string;
let moderator: string;
let triage: string;

beforeAll(async () => {
  setEnv({ ADMIN_TOKEN: ADMIN, REPORTS_PER_REPORTER_PER_HOUR: "5" });
  scanner = (await createToken({ name: "scanner", role: "reporter" }, "test")).token;
  scanner2 = (await createToken({ name: "scanner2", role: "reporter" }, "test")).token;
  moderator = (await createToken({ name: "mod", role: "moderator" }, "test")).token;
  triage = (await createToken({ name: "bot", role: "triage" }, "test")).token;
});

async function file(token: string, body: unknown) {
  const request = new Request("http://warden.test/api/reports", { method: "POST", headers: { "content-type": "application/json", authorization: `Bearer ${token}` }, body: JSON.stringify(body) });
  const response = await reportsRoute.POST(request, { params: Promise.resolve({}) });
  return { status: response.status, json: await response.json() };
}

async function list(token: string, query: string) {
  const response = await reportsRoute.GET(new Request(`http://warden.test/api/reports?${query}`, { headers: { authorization: `Bearer ${token}` } }), { params: Promise.resolve({}) });
  return { status: response.status, json: await response.json() };
}

describe("POST /api/reports", () => {
  it("takes a reporter token's report and answers like createReport", async () => {
    const { status, json } = await file(scanner, { reasonType: SPAM, reason: "found by the scanner", subject: post("a") });
    expect(status).toBe(200);
    expect(json).toEqual({ id: expect.any(Number), reasonType: SPAM, reason: "found by the scanner", subject: { $type: "com.atproto.repo.strongRef", ...post("a") }, reportedBy: "token:scanner", createdAt: expect.any(String) });
  });

  it("takes Nostr event and pubkey subjects", async () => {
    expect((await file(scanner, { reasonType: SPAM, subject: { nostrEvent: "ab".repeat(32) } })).status).toBe(200);
    expect((await file(scanner, { reasonType: SPAM, subject: { nostrPubkey: "cd".repeat(32) } })).json.subject).toEqual({ nostrPubkey: "cd".repeat(32) });
  });

  it("refuses other roles, unknown reasons and malformed subjects", async () => {
    expect((await file(moderator, { reasonType: SPAM, subject: post("b") })).status).toBe(403);
    expect((await file(triage, { reasonType: SPAM, subject: post("b") })).status).toBe(403);
    const unknown = await file(scanner, { reasonType: "com.example#reasonWhatever", subject: post("b") });
    expect(unknown.status).toBe(400);
    expect(unknown.json.error.message).toMatch(/^Invalid reason type/);
    expect((await file(scanner, { reasonType: SPAM, subject: { uri: "https://example.com/x", cid: post("b").cid } })).status).toBe(400);
    expect((await file(scanner, { reasonType: SPAM, subject: { nostrEvent: "XYZ" } })).status).toBe(400);
    expect((await file(scanner, { reasonType: SPAM, reason: "x".repeat(20_001), subject: post("b") })).status).toBe(400);
  });

  it("groups reporters on one subject, records a repeat once, and reopens a resolved subject", async () => {
    const first = await file(scanner, { reasonType: SPAM, subject: post("c") });
    const repeat = await file(scanner, { reasonType: SPAM, subject: post("c") });
    expect(repeat.json.id).toBe(first.json.id);
    await file(scanner2, { reasonType: RUDE, subject: post("c") });
    const key = post("c").uri;
    expect(await db().reportSubject.findUniqueOrThrow({ where: { key } })).toMatchObject({ reportCount: 2, reporterCount: 2, reasonTypes: [SPAM, RUDE], state: "open" });

    await db().reportSubject.update({ where: { key }, data: { state: "resolved" } });
    const again = await file(scanner, { reasonType: SPAM, subject: post("c") });
    expect(again.json.id).not.toBe(first.json.id);
    const subject = await db().reportSubject.findUniqueOrThrow({ where: { key }, include: { events: { orderBy: { id: "asc" } } } });
    expect(subject).toMatchObject({ state: "open", reportCount: 3, reporterCount: 2 });
    expect(subject.events.map((event) => event.kind)).toEqual(["report", "report", "report", "state"]);
  });

  it("records a muted reporter's report without counting it", async () => {
    const muted = (await createToken({ name: "noisy", role: "reporter" }, "test")).token;
    await db().reporterRestriction.create({ data: { reporter: "token:noisy", kind: "muted", updatedBy: "test" } });
    await file(muted, { reasonType: SPAM, subject: post("d") });
    expect(await db().reportSubject.findUniqueOrThrow({ where: { key: post("d").uri } })).toMatchObject({ reportCount: 0, state: "open" });
    expect(await db().report.count({ where: { reporter: "token:noisy", muted: true } })).toBe(1);
  });

  it("limits each reporter per hour with a 429 and Retry-After", async () => {
    const busy = (await createToken({ name: "busy", role: "reporter" }, "test")).token;
    for (let index = 0; index < 5; index++) expect((await file(busy, { reasonType: SPAM, subject: post(`busy${index}`) })).status).toBe(200);
    const over = await file(busy, { reasonType: SPAM, subject: post("busy5") });
    expect(over.status).toBe(429);
    expect((await file(scanner2, { reasonType: SPAM, subject: post("busy5") })).status).toBe(200);
  });
});

describe("GET /api/reports", () => {
  it("lists subjects in a state with the interface's fields, newest first, in keyset pages", async () => {
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const { status, json } = await list(moderator, `state=open&limit=2${cursor ? `&cursor=${cursor}` : ""}`);
      expect(status).toBe(200);
      for (const subject of json.subjects) {
        expect(subject).toMatchObject({ subject: expect.any(Object), state: "open", reportCount: expect.any(Number), reporterCount: expect.any(Number), reasonTypes: expect.any(Array), lastReportedAt: expect.any(String) });
        seen.push(subject.lastReportedAt);
      }
      cursor = json.cursor;
    } while (cursor);
    const total = await db().reportSubject.count({ where: { state: "open" } });
    expect(seen).toHaveLength(total);
    expect([...seen].sort().reverse()).toEqual(seen);
  });

  it("sorts by report count, filters by network, and refuses reporters, bad states and foreign cursors", async () => {
    const byCount = (await list(ADMIN, "state=open&sort=count")).json.subjects.map((subject: { reportCount: number }) => subject.reportCount);
    expect([...byCount].sort((a, b) => b - a)).toEqual(byCount);
    const nostr = (await list(ADMIN, "state=open&network=nostr")).json.subjects;
    expect(nostr.map((subject: { subject: object }) => subject.subject)).toEqual(expect.arrayContaining([{ nostrEvent: "ab".repeat(32) }, { nostrPubkey: "cd".repeat(32) }]));
    expect((await list(scanner, "state=open")).status).toBe(403);
    expect((await list(ADMIN, "state=closed")).status).toBe(400);
    expect((await list(ADMIN, "state=open&cursor=nonsense")).status).toBe(400);
  });

  it("filters by reason type and by reported author (a DID or a Nostr pubkey), and names a malformed filter", async () => {
    await file(scanner2, { reasonType: RUDE, subject: post("f1") });
    const rude = (await list(ADMIN, `state=open&reason=${encodeURIComponent(RUDE)}`)).json.subjects;
    expect(rude.length).toBeGreaterThan(0);
    expect(rude.every((subject: { reasonTypes: string[] }) => subject.reasonTypes.includes(RUDE))).toBe(true);
    const author = "did:plc:ewvi7nxzyoun6zhxrhs64oiz";
    const byDid = (await list(ADMIN, `state=open&author=${encodeURIComponent(author)}`)).json.subjects;
    expect(byDid.length).toBeGreaterThan(0);
    expect(byDid.every((subject: { author: string }) => subject.author === author)).toBe(true);
    expect((await list(ADMIN, `state=open&author=${"cd".repeat(32)}`)).json.subjects.map((subject: { subject: object }) => subject.subject)).toEqual([{ nostrPubkey: "cd".repeat(32) }]);
    expect((await list(ADMIN, "state=open&author=&reason=")).status).toBe(200);
    const badReason = await list(ADMIN, "state=open&reason=spam");
    expect([badReason.status, badReason.json.error.message]).toEqual([400, expect.stringMatching(/^reason: must be a report reason type/)]);
    const badAuthor = await list(ADMIN, "state=open&author=alice");
    expect([badAuthor.status, badAuthor.json.error.message]).toEqual([400, expect.stringMatching(/^author: must be a DID or a Nostr pubkey/)]);
  });
});

describe("countSubjects", () => {
  it("counts what listSubjects pages through, with the same state and filters (the inbox's \"of N\")", async () => {
    await file(scanner2, { reasonType: RUDE, subject: { nostrPubkey: "ef".repeat(32) } });
    for (const search of ["state=open", "state=open&network=nostr", "state=open&network=atproto", `state=open&reason=${encodeURIComponent(RUDE)}`, "state=resolved"]) {
      const query = listSubjectsQuerySchema.parse({ ...Object.fromEntries(new URLSearchParams(search)), limit: 2 });
      let listed = 0;
      for (let cursor: string | undefined, first = true; first || cursor; first = false) {
        const page = await listSubjects({ ...query, cursor });
        listed += page.subjects.length;
        cursor = page.cursor;
      }
      expect([search, await countSubjects(query)]).toEqual([search, listed]);
    }
    expect(await countSubjects(listSubjectsQuerySchema.parse({ state: "open", network: "nostr" }))).toBeLessThan(await countSubjects(listSubjectsQuerySchema.parse({ state: "open" })));
  });
});

describe("GET /api/reports/{id}", () => {
  async function read(token: string, id: string) {
    const response = await reportRoute.GET(new Request(`http://warden.test/api/reports/${id}`, { headers: { authorization: `Bearer ${token}` } }), { params: Promise.resolve({ id }) });
    return { status: response.status, json: await response.json() };
  }

  it("tells a reporter the outcome of their own report (its subject's state), and nobody else's", async () => {
    const outcome = (await createToken({ name: "outcome", role: "reporter" }, "test")).token;
    const filed = (await file(outcome, { reasonType: SPAM, reason: "seen twice", subject: post("o1") })).json;
    expect((await read(outcome, String(filed.id))).json).toEqual({ ...filed, status: "open" });
    const subject = await db().reportSubject.findUniqueOrThrow({ where: { key: post("o1").uri } });
    await actOnSubjects({ action: "dismiss", ids: [subject.id], takeOver: false }, "mod");
    expect((await read(outcome, String(filed.id))).json.status).toBe("dismissed");

    const other = await read(scanner2, String(filed.id));
    expect([other.status, other.json.error.message]).toEqual([404, `No report ${filed.id} filed by you`]);
    expect((await read(outcome, "999999")).status).toBe(404);
    expect((await read(moderator, String(filed.id))).status).toBe(403);
    expect((await read(outcome, "abc")).status).toBe(400);
  });
});

describe("POST /api/reports/reporters", () => {
  async function mute(token: string, body: unknown) {
    const request = new Request("http://warden.test/api/reports/reporters", { method: "POST", headers: { "content-type": "application/json", authorization: `Bearer ${token}` }, body: JSON.stringify(body) });
    const response = await reportersRoute.POST(request, { params: Promise.resolve({}) });
    return { status: response.status, json: await response.json() };
  }

  it("mutes a reporter from the inbox (later reports count nothing), lifts it, audits both, and leaves a suspension alone", async () => {
    const abuser = (await createToken({ name: "abuser", role: "reporter" }, "test")).token;
    await file(abuser, { reasonType: SPAM, subject: post("m1") });
    const subject = await db().reportSubject.findUniqueOrThrow({ where: { key: post("m1").uri } });
    expect((await recentReporters([subject.id])).get(subject.id)).toEqual([{ reporter: "token:abuser", muted: false }]);

    expect((await mute(moderator, { reporter: "token:abuser", muted: true, note: "files everything" })).json).toEqual({ reporter: "token:abuser", muted: true });
    expect((await recentReporters([subject.id])).get(subject.id)).toEqual([{ reporter: "token:abuser", muted: true }]);
    await file(abuser, { reasonType: SPAM, subject: post("m2") });
    expect(await db().reportSubject.findUniqueOrThrow({ where: { key: post("m2").uri } })).toMatchObject({ reportCount: 0 });

    expect((await mute(moderator, { reporter: "token:abuser", muted: false })).json.muted).toBe(false);
    expect(await db().reporterRestriction.findUnique({ where: { reporter: "token:abuser" } })).toBeNull();
    expect((await db().auditEntry.findMany({ where: { subject: "token:abuser", actor: "mod" }, orderBy: { id: "asc" } })).map((entry) => entry.action)).toEqual(["reports.mute_reporter", "reports.unmute_reporter"]);

    await db().reporterRestriction.create({ data: { reporter: "did:plc:suspendedsuspendedsuspe", kind: "suspended", updatedBy: "test" } });
    expect((await mute(moderator, { reporter: "did:plc:suspendedsuspendedsuspe", muted: true })).status).toBe(409);
    expect((await mute(triage, { reporter: "token:abuser", muted: true })).status).toBe(403);
    expect((await mute(moderator, { reporter: "", muted: true })).status).toBe(400);
  });
});
