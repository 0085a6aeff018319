// plyr.fm's clients against Warden, request for request: the moderation loop's
// ModClient (scripts/moderation_loop.py: list_pending, resolve, create_batch, with
// the DM built from the batch's url and flag_count) and the seed's review page (load
// the batch, decide, submit with X-Moderation-Key). Status codes and JSON shapes
// are the seed service's; `raise_for_status()` must never fire on a normal run.
import { beforeAll, describe, expect, it } from "vitest";
import { GET as listRoute } from "@/app/admin/flags/route";
import { POST as createBatchRoute } from "@/app/admin/batches/route";
import { POST as resolveRoute } from "@/app/admin/resolve/route";
import { GET as reviewData } from "@/app/admin/review/[id]/data/route";
import { POST as submitRoute } from "@/app/admin/review/[id]/submit/route";
import { createLabels } from "@/lib/labels/create-labels";
import { db } from "@/lib/db";
import { withMigratedDatabase } from "../support/database";
import { call, setUpTokens, track, type Tokens } from "./support";

withMigratedDatabase();

type Handler = Parameters<typeof call>[0];
let tokens: Tokens;

/** What httpx would see: status and parsed JSON, with the key in X-Moderation-Key as ModClient sends it. */
const modClient = {
  listPending: () => call(listRoute as Handler, { method: "GET", path: "/admin/flags?filter=pending", token: tokens.moderator }),
  resolve: (uri: string, reason: string, notes = "") =>
    call(resolveRoute as Handler, { body: { uri, val: "copyright-violation", reason, notes }, token: tokens.moderator }),
  createBatch: (uris: string[], createdBy: string | null = null) =>
    call(createBatchRoute as Handler, { body: { uris, created_by: createdBy }, token: tokens.moderator }),
};

const raiseForStatus = ({ status }: { status: number }) => expect(status, "raise_for_status() would raise").toBeLessThan(400);

const FLAGS = 1_050; // more than one page of the old 1,000-flag cap

beforeAll(async () => {
  tokens = await setUpTokens();
  const uris = Array.from({ length: FLAGS }, (_, i) => track(`loop${String(i).padStart(4, "0")}`));
  for (let i = 0; i < FLAGS; i += 1000) {
    await createLabels(uris.slice(i, i + 1000).map((uri) => ({ uri, val: "copyright-violation" })), "scanner");
  }
  await db().subjectContext.createMany({
    data: uris.map((uri, i) => ({
      uri,
      trackId: String(1000 + i),
      trackTitle: `Loop ${i}`,
      artistHandle: `artist${i}.example`,
      highestScore: 0.8,
      matches: [{ title: `Original ${i}`, artist: "Famous", score: 0.8 }],
    })),
  });
}, 120_000);

describe("the moderation loop (ModClient)", () => {
  it("sees every pending flag, resolves deleted and false-positive ones, and batches the rest despite stale, unknown and repeated URIs", async () => {
    const listed = await modClient.listPending();
    raiseForStatus(listed);
    const pending: { uri: string; context?: { track_id?: number; track_title?: string; artist_handle?: string; matches?: { artist: string }[] } }[] =
      listed.json.tracks ?? [];
    expect(pending).toHaveLength(FLAGS);
    expect(new Set(pending.map((flag) => flag.uri)).size).toBe(FLAGS);
    // What the loop reads from each flag to describe it to the model.
    for (const flag of pending.slice(0, 3)) {
      expect(flag.context).toMatchObject({ track_id: expect.any(Number), track_title: expect.any(String), artist_handle: expect.any(String) });
      expect(flag.context!.matches![0]!.artist).toEqual(expect.any(String));
    }

    // A deleted track, then two false positives.
    const [deleted, fp1, fp2, human1, human2, human3] = pending.map((flag) => flag.uri);
    raiseForStatus(await modClient.resolve(deleted!, "content_deleted", "track no longer exists"));
    for (const uri of [fp1!, fp2!]) raiseForStatus(await modClient.resolve(uri, "fingerprint_noise", "auto: fingerprint noise"));

    // The model's NEEDS_HUMAN list: three real ones, one it also called a false
    // positive (resolved a moment ago), one it mistyped, and a repeat.
    const needsHuman = [human1!, fp1!, `${human2!}x`, human2!, human3!, human1!];
    const created = await modClient.createBatch(needsHuman, "moderation_loop");
    raiseForStatus(created);
    expect(created.json).toMatchObject({ id: expect.any(String), url: `/review/${created.json.id}`, flag_count: 3 });
    expect(created.json.skipped).toEqual([
      { uri: fp1, reason: "resolved" },
      { uri: `${human2}x`, reason: "unknown" },
      { uri: human1, reason: "duplicate" },
    ]);
    // The DM promises what the page shows.
    const page = await call(reviewData as Handler, { method: "GET", params: { id: created.json.id }, token: tokens.moderator });
    expect(page.json.flags.map((flag: { uri: string }) => flag.uri)).toEqual([human1, human2, human3]);
    expect(page.json.flags).toHaveLength(created.json.flag_count);

    const after = await modClient.listPending();
    expect(after.json.tracks).toHaveLength(FLAGS - 3);
  });

  it("gets a batch of the first 1,000 when the model sends more, the rest skipped as batch_full", async () => {
    const listed = await modClient.listPending();
    const uris = listed.json.tracks.map((flag: { uri: string }) => flag.uri) as string[];
    expect(uris.length).toBeGreaterThan(1000);
    const created = await modClient.createBatch(uris, "moderation_loop");
    raiseForStatus(created);
    expect(created.json.flag_count).toBe(1000);
    // The three the previous batch holds, still undecided there, are not batched again.
    const inBatch = created.json.skipped.filter((skip: { reason: string }) => skip.reason === "in_batch");
    expect(inBatch).toHaveLength(3);
    expect(inBatch[0]).toMatchObject({ batch: expect.any(String), batch_name: "Chosen by moderation_loop" });
    const held = new Set(inBatch.map((skip: { uri: string }) => skip.uri));
    const rest = created.json.skipped.filter((skip: { reason: string }) => skip.reason !== "in_batch");
    expect(rest).toEqual(uris.filter((uri) => !held.has(uri)).slice(1000).map((uri) => ({ uri, reason: "batch_full" })));
  });

  it("gets a 4xx with a stable error name, not a batch, when none of the URIs is pending", async () => {
    const created = await modClient.createBatch([track("no-such-track")], "moderation_loop");
    expect(created.status).toBe(422);
    expect(created.json.error.code).toBe("no_pending_flags");
  });
});

describe("the review page", () => {
  it("loads a batch, decides, and submits with an unknown decision among known ones: the known ones apply", async () => {
    const listed = await modClient.listPending();
    const uris = listed.json.tracks.slice(-3).map((flag: { uri: string }) => flag.uri) as string[];
    const { json: batch } = await modClient.createBatch(uris, "moderation_loop");

    const loaded = await call(reviewData as Handler, { method: "GET", params: { id: batch.id }, token: tokens.moderator });
    raiseForStatus(loaded);
    expect(loaded.json).toMatchObject({ batch_id: batch.id, status: "pending" });
    for (const flag of loaded.json.flags) {
      expect(flag).toMatchObject({ seq: expect.any(Number), uri: expect.any(String), val: "copyright-violation", created_at: expect.any(String), resolved: false });
    }

    // The page posts Object.entries(decisions) as {decisions: [{uri, decision}]}.
    const decisions = { [uris[0]!]: "clear", [uris[1]!]: "escalate", [uris[2]!]: "confirm" };
    const submitted = await call(submitRoute as Handler, {
      params: { id: batch.id },
      body: { decisions: Object.entries(decisions).map(([uri, decision]) => ({ uri, decision })) },
      token: tokens.moderator,
    });
    expect(submitted.status).toBe(200);
    expect(submitted.json).toMatchObject({ resolved_count: 1, message: expect.stringMatching(/^processed 3 decisions, resolved 1 flags/) });
    expect(submitted.json.skipped).toEqual([{ uri: uris[1], decision: "escalate", reason: "unknown_decision" }]);

    const reloaded = await call(reviewData as Handler, { method: "GET", params: { id: batch.id }, token: tokens.moderator });
    expect(reloaded.json.flags.map((flag: { resolved: boolean }) => flag.resolved)).toEqual([true, false, false]);
    expect(reloaded.json.status).toBe("pending"); // the skipped item is still to be decided
  });

  it("answers 401 to a wrong key, as the page expects before asking for a new one", async () => {
    const wrong = await call(submitRoute as Handler, { params: { id: "AAAAAAAAAAAAAAAAAAAAAA" }, body: { decisions: [] }, token: "wrong" });
    expect(wrong.status).toBe(401);
  });
});
