// The emission endpoints, called as Next calls them: POST /emit-label (plyr.fm's
// body), POST /api/labels (batches) and POST /api/labels/negate.
import { beforeAll, describe, expect, it } from "vitest";
import { POST as emitLabelRoute } from "@/app/emit-label/route";
import { POST as negateRoute } from "@/app/api/labels/negate/route";
import { POST as batchRoute } from "@/app/api/labels/route";
import { createToken } from "@/lib/auth/tokens";
import { db } from "@/lib/db";
import { labelerIdentity } from "@/lib/labels/labeler-identity";
import { verifyLabel, type SignedLabel } from "@/lib/labels/sign-label";
import { withMigratedDatabase } from "../support/database";
import { setEnv } from "../support/env";

withMigratedDatabase();

const ADMIN = "unit-admin-token-0123456789";
const track = (rkey: string) => `at://did:plc:ewvi7nxzyoun6zhxrhs64oiz/fm.plyr.track/${rkey}`;
let moderator: string;
let triage: string;

beforeAll(async () => {
  setEnv({ ADMIN_TOKEN: ADMIN });
  moderator = (await createToken({ name: "mod", role: "moderator" }, "test")).token;
  triage = (await createToken({ name: "bot", role: "triage" }, "test")).token;
});

type Route = (request: Request, context: { params: Promise<Record<string, never>> }) => Promise<Response>;

async function call(route: Route, body: unknown, headers: Record<string, string> = { "x-moderation-key": ADMIN }) {
  const request = new Request("http://warden.test/x", {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
  const response = await route(request, { params: Promise.resolve({}) });
  return { status: response.status, json: await response.json() };
}

/** A label in JSON form back to its signed form, as a consumer decodes it. */
function fromJson({ sig, ...label }: { sig: { $bytes: string } } & Omit<SignedLabel, "sig">): SignedLabel {
  return { ...label, sig: new Uint8Array(Buffer.from(sig.$bytes, "base64")) };
}

describe("POST /emit-label", () => {
  it("takes plyr.fm's body and answers {seq, label} with a verifiable label", async () => {
    const { status, json } = await call(emitLabelRoute, { uri: track("a"), val: "copyright-violation", neg: false });
    expect(status).toBe(200);
    expect(json).toEqual({
      seq: expect.any(Number),
      label: { ver: 1, src: expect.any(String), uri: track("a"), val: "copyright-violation", cts: expect.any(String), sig: { $bytes: expect.any(String) } },
    });
    expect(await verifyLabel(fromJson(json.label), (await labelerIdentity()).didKey)).toBe(true);
  });

  it("defaults val to copyright-violation, as plyr.fm does, and treats an empty cid as none", async () => {
    const { json } = await call(emitLabelRoute, { uri: track("b"), cid: "" }, { authorization: `Bearer ${moderator}` });
    expect(json.label.val).toBe("copyright-violation");
    expect(json.label).not.toHaveProperty("cid");
    const audit = await db().auditEntry.findFirstOrThrow({ where: { subject: track("b") } });
    expect(audit.actor).toBe("mod");
  });

  it("stores the scanner's context by subject, normalising scores to 0-1 and keeping fields left out later", async () => {
    await call(emitLabelRoute, {
      uri: track("c"),
      context: {
        track_id: 42,
        track_title: "Song",
        artist_handle: "artist.example",
        artist_did: "did:plc:44ybard66vv44zksje25o7dz",
        highest_score: 87,
        matches: [{ title: "Original", artist: "Someone", score: 87 }],
      },
    });
    await call(emitLabelRoute, { uri: track("c"), neg: true, context: { track_title: "Song (edit)" } });
    const context = await db().subjectContext.findUniqueOrThrow({ where: { uri: track("c") } });
    expect(context).toMatchObject({
      trackId: "42",
      trackTitle: "Song (edit)",
      artistHandle: "artist.example",
      highestScore: 0.87,
      matches: [{ title: "Original", artist: "Someone", score: 0.87 }],
    });
  });

  it("keeps what plyr.fm's AuDD scan adds to a match (album, isrc, timecode, offset_ms, song_link), leaving nulls out", async () => {
    const extras = { album: "LP", isrc: "USRC17607839", timecode: "00:56", offset_ms: 30000, song_link: "https://lis.tn/x" };
    await call(emitLabelRoute, { uri: track("m"), context: { matches: [{ title: "Original", artist: "Someone", score: 90, ...extras }, { title: "Bare", artist: "B", score: 0.4, isrc: null }] } });
    const context = await db().subjectContext.findUniqueOrThrow({ where: { uri: track("m") } });
    expect(context.matches).toEqual([{ title: "Original", artist: "Someone", score: 0.9, ...extras }, { title: "Bare", artist: "B", score: 0.4 }]);
  });

  it.each([
    [{ uri: track("d"), val: "x".repeat(129) }, /^val: must be at most 128 bytes/],
    [{ uri: track("d"), val: "Copyright" }, /^val: must be lowercase/],
    [{ uri: "https://plyr.fm/track/1", val: "spam" }, /^uri: /],
    [{ val: "spam" }, /^uri: /],
    [{ uri: track("d"), exp: "next week" }, /^exp: /],
    [{ uri: track("d"), cid: "QmNotACidV1" }, /^cid: /],
    [{ uri: track("d"), neg: "yes" }, /^neg: /],
    [{ uri: track("d"), context: { highest_score: "high" } }, /^context\.highest_score: /],
    [{ uri: track("d"), context: { matches: [{ title: "t" }] } }, /^context\.matches\.0\.artist: /],
    [{ uri: track("d"), context: { matches: [{ title: "t", artist: "a", score: 1, offset_ms: -5 }] } }, /^context\.matches\.0\.offset_ms: /],
    ["{not json", /not valid JSON/],
    [[1, 2], /^body: /],
  ])("answers 400 naming the field for %j", async (body, message) => {
    const { status, json } = await call(emitLabelRoute, body);
    expect(status).toBe(400);
    expect(json.error).toEqual({ code: "invalid_request", message: expect.stringMatching(message) });
  });

  it("ignores unknown keys", async () => {
    const { status, json } = await call(emitLabelRoute, { uri: track("e"), val: "spam", $type: "x", extra: 1 });
    expect(status).toBe(200);
    expect(json.label).not.toHaveProperty("extra");
    expect(json.label).not.toHaveProperty("$type");
  });

  it("needs the labels:write permission", async () => {
    expect((await call(emitLabelRoute, { uri: track("f") }, { "x-moderation-key": triage })).status).toBe(403);
    expect((await call(emitLabelRoute, { uri: track("f") }, { "x-moderation-key": "wdn_wrong" })).status).toBe(401);
    expect(await db().label.count({ where: { uri: track("f") } })).toBe(0);
  });
});

describe("POST /api/labels", () => {
  it("emits a batch in input order with increasing seqs", async () => {
    const labels = [
      { uri: track("g1"), val: "spam" },
      { uri: "did:plc:44ybard66vv44zksje25o7dz", val: "!hide", exp: "2031-01-01T00:00:00Z" },
      { uri: track("g1"), val: "spam", neg: true },
    ];
    const { status, json } = await call(batchRoute, { labels, reason: "cleanup" });
    expect(status).toBe(201);
    expect(json.labels.map((entry: { label: { uri: string } }) => entry.label.uri)).toEqual(labels.map((label) => label.uri));
    expect(json.labels[1].seq).toBe(json.labels[0].seq + 1);
    expect(json.labels[1].label.exp).toBe("2031-01-01T00:00:00.000Z");
    expect(json.labels[2].label.neg).toBe(true);
  });

  it("names the bad label and field, and writes nothing", async () => {
    const before = await db().label.count();
    const { status, json } = await call(batchRoute, { labels: [{ uri: track("h"), val: "ok" }, { uri: track("h"), val: "Not-OK" }] });
    expect(status).toBe(400);
    expect(json.error.message).toMatch(/^labels\.1\.val: /);
    expect(await db().label.count()).toBe(before);
  });

  it("caps a batch at 1,000 labels", async () => {
    const labels = Array.from({ length: 1001 }, (_, i) => ({ uri: track(`cap-${i}`), val: "spam" }));
    const { status, json } = await call(batchRoute, { labels });
    expect(status).toBe(400);
    expect(json.error.message).toMatch(/^labels: must contain at most 1000/);
    expect((await call(batchRoute, { labels: [] })).status).toBe(400);
  });

  it("refuses a triage token", async () => {
    expect((await call(batchRoute, { labels: [{ uri: track("i"), val: "spam" }] }, { "x-moderation-key": triage })).status).toBe(403);
  });
});

describe("POST /api/labels/negate", () => {
  it("negates a label in force, once", async () => {
    await call(emitLabelRoute, { uri: track("n"), val: "spam" });
    const negated = await call(negateRoute, { uri: track("n"), val: "spam", reason: "false positive" });
    expect(negated.status).toBe(201);
    expect(negated.json.label).toMatchObject({ uri: track("n"), val: "spam", neg: true });
    const audit = await db().auditEntry.findFirstOrThrow({ where: { subject: track("n"), action: "label.negate" } });
    expect(audit.detail).toMatchObject({ reason: "false positive" });

    const again = await call(negateRoute, { uri: track("n"), val: "spam", reason: "again" });
    expect(again.status).toBe(409);
  });

  it("answers 404 for a label that does not exist, and 409 for an expired one", async () => {
    expect((await call(negateRoute, { uri: track("none"), val: "spam", reason: "r" })).status).toBe(404);
    await call(batchRoute, { labels: [{ uri: track("old"), val: "spam", exp: "2020-01-01T00:00:00Z" }] });
    const expired = await call(negateRoute, { uri: track("old"), val: "spam", reason: "r" });
    expect(expired.status).toBe(409);
    expect(expired.json.error.message).toMatch(/expired/);
  });

  it("two moderators negating at once make one negation", async () => {
    await call(emitLabelRoute, { uri: track("race"), val: "spam" });
    const results = await Promise.all([1, 2, 3].map(() => call(negateRoute, { uri: track("race"), val: "spam", reason: "dup" })));
    expect(results.map((result) => result.status).sort()).toEqual([201, 409, 409]);
  });

  it("needs a reason", async () => {
    const { status, json } = await call(negateRoute, { uri: track("n"), val: "spam", reason: "  " });
    expect(status).toBe(400);
    expect(json.error.message).toMatch(/^reason: a reason is required/);
  });
});
