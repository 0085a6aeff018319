// POST /admin/resolve and POST /admin/context: plyr.fm's shapes, a signed negation,
// the reason kept with the context, 404/409 said plainly, and the audit trail.
import { beforeAll, describe, expect, it } from "vitest";
import { POST as storeContext } from "@/app/admin/context/route";
import { GET as listFlags } from "@/app/admin/flags/route";
import { POST as resolve } from "@/app/admin/resolve/route";
import { db } from "@/lib/db";
import { labelFromRow } from "@/lib/labels/label-codec";
import { labelerIdentity } from "@/lib/labels/labeler-identity";
import { unsignedLabel, verifyLabel } from "@/lib/labels/sign-label";
import { withMigratedDatabase } from "../support/database";
import { call, seedFlags, setUpTokens, track, type Tokens } from "./support";

withMigratedDatabase();

type Handler = Parameters<typeof call>[0];
let tokens: Tokens;
beforeAll(async () => {
  tokens = await setUpTokens();
  await seedFlags([{ rkey: "r1", title: "One", artist: "a.example", score: 0.9 }, { rkey: "r2" }, { rkey: "r3" }]);
});

describe("POST /admin/resolve", () => {
  it("emits a signed negation, keeps reason and notes, and answers {seq, message}", async () => {
    const { status, json } = await call(resolve as Handler, {
      token: tokens.moderator,
      body: { uri: track("r1"), val: "copyright-violation", reason: "licensed", notes: "label deal on file" },
    });
    expect(status).toBe(200);
    expect(json).toEqual({ seq: expect.any(Number), message: `created negation label for ${track("r1")}` });

    const row = await db().label.findUniqueOrThrow({ where: { seq: BigInt(json.seq) } });
    expect(row).toMatchObject({ uri: track("r1"), val: "copyright-violation", neg: true });
    const stored = labelFromRow(row);
    expect(await verifyLabel({ ...unsignedLabel(stored), sig: stored.sig }, (await labelerIdentity()).didKey)).toBe(true);

    const context = await db().subjectContext.findUniqueOrThrow({ where: { uri: track("r1") } });
    expect(context).toMatchObject({ resolutionReason: "licensed", resolutionNotes: "label deal on file", resolvedBy: "mod", trackTitle: "One" });
    expect(context.resolvedAt).toBeInstanceOf(Date);

    const audit = await db().auditEntry.findMany({ where: { subject: track("r1") }, orderBy: { id: "asc" } });
    expect(audit.map((entry) => [entry.actor, entry.action])).toEqual([
      ["scanner", "label.emit"],
      ["mod", "flag.resolve"],
      ["mod", "label.negate"],
    ]);
  });

  it("shows the flag as resolved, with its reason, in plyr.fm's list shape", async () => {
    const { json } = await call(listFlags as Handler, { method: "GET", path: "/admin/flags?filter=resolved" });
    expect(json.tracks).toEqual([
      {
        seq: expect.any(Number),
        uri: track("r1"),
        val: "copyright-violation",
        created_at: expect.stringMatching(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/),
        resolved: true,
        status: "resolved",
        context: expect.objectContaining({ track_title: "One", resolution_reason: "licensed", resolution_notes: "label deal on file", resolved_by: "mod" }),
      },
    ]);
    // seq and created_at are the flag's own emission, not the negation's.
    const flagRow = await db().label.findFirstOrThrow({ where: { uri: track("r1"), neg: false } });
    expect(json.tracks[0].seq).toBe(Number(flagRow.seq));
  });

  it("answers 409 when the flag is already resolved, and emits nothing", async () => {
    const before = await db().label.count();
    const { status, json } = await call(resolve as Handler, { body: { uri: track("r1"), reason: "other" } });
    expect(status).toBe(409);
    expect(json.error.message).toMatch(/already resolved/);
    expect(await db().label.count()).toBe(before);
  });

  it("lets only one of two simultaneous resolutions through", async () => {
    const body = { uri: track("r2"), reason: "fingerprint_noise" };
    const answers = await Promise.all([
      call(resolve as Handler, { token: tokens.moderator, body }),
      call(resolve as Handler, { token: tokens.other, body }),
    ]);
    expect(answers.map((answer) => answer.status).sort()).toEqual([200, 409]);
    expect(await db().label.count({ where: { uri: track("r2"), neg: true } })).toBe(1);
  });

  it("answers 404 for a subject without a flag", async () => {
    const { status, json } = await call(resolve as Handler, { body: { uri: track("nothing"), reason: "licensed" } });
    expect(status).toBe(404);
    expect(json.error.code).toBe("not_found");
  });

  it("refuses a reason plyr.fm does not know and a URI that is not one", async () => {
    for (const body of [
      { uri: track("r3"), reason: "because" },
      { uri: "https://example.com/x", reason: "licensed" },
      { uri: track("r3"), reason: "other", notes: "x".repeat(2001) },
    ]) {
      const { status, json } = await call(resolve as Handler, { body });
      expect(status, JSON.stringify(body)).toBe(400);
      expect(json.error.code).toBe("invalid_request");
    }
    expect(await db().label.count({ where: { uri: track("r3"), neg: true } })).toBe(0);
  });

  it("accepts every one of plyr.fm's six reasons, and no reason as other", async () => {
    const reasons = ["licensed", "original_artist", "fingerprint_noise", "cover_version", "content_deleted", "other"];
    await seedFlags([...reasons, "none"].map((reason) => ({ rkey: `reason-${reason}` })));
    for (const reason of reasons) {
      expect((await call(resolve as Handler, { body: { uri: track(`reason-${reason}`), reason } })).status).toBe(200);
    }
    expect((await call(resolve as Handler, { body: { uri: track("reason-none") } })).status).toBe(200);
    expect(await db().subjectContext.findUniqueOrThrow({ where: { uri: track("reason-none") } })).toMatchObject({ resolutionReason: "other" });
  });
});

describe("POST /admin/context", () => {
  it("stores context without emitting a label, merging fields, and audits it", async () => {
    const before = await db().label.count();
    const first = await call(storeContext as Handler, {
      token: tokens.moderator,
      body: { uri: track("r3"), context: { track_id: 7, track_title: "Three", matches: [{ title: "T", artist: "A", score: 0.8 }] } },
    });
    expect(first).toMatchObject({ status: 200, json: { message: `context stored for ${track("r3")}` } });
    await call(storeContext as Handler, { body: { uri: track("r3"), context: { artist_handle: "three.example", highest_score: 0.8 } } });
    expect(await db().label.count()).toBe(before);
    expect(await db().subjectContext.findUniqueOrThrow({ where: { uri: track("r3") } })).toMatchObject({
      trackId: "7",
      trackTitle: "Three",
      artistHandle: "three.example",
      highestScore: 0.8,
    });
    expect(await db().auditEntry.count({ where: { subject: track("r3"), action: "flag.context", actor: "mod" } })).toBe(1);
  });

  it("refuses a context of the wrong shape", async () => {
    for (const body of [{ uri: track("r3") }, { uri: track("r3"), context: { highest_score: "high" } }, { uri: "nope", context: {} }]) {
      expect((await call(storeContext as Handler, { body })).status).toBe(400);
    }
  });
});
