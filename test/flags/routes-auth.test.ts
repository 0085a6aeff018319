// Every flag-workflow route refuses a missing token, a wrong one and the triage role,
// and answers 400 (never 500) to bodies it cannot read.
import { beforeAll, describe, expect, it, vi } from "vitest";
import { POST as activeLabels } from "@/app/admin/active-labels/route";
import { POST as createBatch } from "@/app/admin/batches/route";
import { POST as storeContext } from "@/app/admin/context/route";
import { GET as listFlags } from "@/app/admin/flags/route";
import { POST as labels } from "@/app/admin/labels/route";
import { POST as labelsByValue } from "@/app/admin/labels-by-value/route";
import { POST as negatedLabels } from "@/app/admin/negated-labels/route";
import { POST as reopen } from "@/app/admin/reopen/route";
import { POST as resolve } from "@/app/admin/resolve/route";
import { GET as reviewData } from "@/app/admin/review/[id]/data/route";
import { POST as submit } from "@/app/admin/review/[id]/submit/route";
import { POST as undoDecisions } from "@/app/admin/review/[id]/undo/route";
import { POST as addImage } from "@/app/admin/sensitive-images/route";
import { POST as removeImage } from "@/app/admin/sensitive-images/remove/route";
import { POST as internalActiveLabels } from "@/app/internal/active-labels/route";
import { POST as internalLabels } from "@/app/internal/labels/route";
import { POST as internalLabelsByValue } from "@/app/internal/labels-by-value/route";
import { POST as internalNegatedLabels } from "@/app/internal/negated-labels/route";
import { POST as internalAddImage } from "@/app/internal/sensitive-images/route";
import { POST as internalRemoveImage } from "@/app/internal/sensitive-images/remove/route";
import { GET as publicImages } from "@/app/sensitive-images/route";
import { withMigratedDatabase } from "../support/database";
import { call, seedFlags, setUpTokens, track, type Call, type Tokens } from "./support";

// No cookie in these requests: the session look-up finds nobody.
vi.mock("@/lib/auth/session", () => ({ currentPrincipal: async () => null }));

withMigratedDatabase();

let tokens: Tokens;
beforeAll(async () => {
  tokens = await setUpTokens();
  await seedFlags([{ rkey: "auth1", title: "Song" }]);
});

const batchId = "AAAAAAAAAAAAAAAAAAAAAA";
type Handler = Parameters<typeof call>[0];
const routes: [string, Handler, Call][] = [
  ["GET /admin/flags", listFlags as Handler, { method: "GET", path: "/admin/flags" }],
  ["POST /admin/resolve", resolve as Handler, { body: { uri: track("auth1"), reason: "licensed" } }],
  ["POST /admin/reopen", reopen as Handler, { body: { uri: track("auth1"), reason: "undo" } }],
  ["POST /admin/context", storeContext as Handler, { body: { uri: track("auth1"), context: { track_title: "x" } } }],
  ["POST /admin/batches", createBatch as Handler, { body: { uris: [track("auth1")] } }],
  ["GET /admin/review/:id/data", reviewData as Handler, { method: "GET", params: { id: batchId } }],
  ["POST /admin/review/:id/submit", submit as Handler, { params: { id: batchId }, body: { decisions: [{ uri: track("auth1"), decision: "clear" }] } }],
  ["POST /admin/review/:id/undo", undoDecisions as Handler, { params: { id: batchId }, body: { decisions: [{ uri: track("auth1"), decision: "clear" }] } }],
  ["POST /admin/sensitive-images", addImage as Handler, { body: { image_id: "img" } }],
  ["POST /admin/sensitive-images/remove", removeImage as Handler, { body: { id: 1 } }],
  ["POST /internal/sensitive-images", internalAddImage as Handler, { body: { image_id: "img" } }],
  ["POST /internal/sensitive-images/remove", internalRemoveImage as Handler, { body: { id: 1 } }],
  ["POST /admin/active-labels", activeLabels as Handler, { body: { uris: [] } }],
  ["POST /admin/labels", labels as Handler, { body: { uris: [] } }],
  ["POST /admin/labels-by-value", labelsByValue as Handler, { body: { values: [] } }],
  ["POST /admin/negated-labels", negatedLabels as Handler, { body: { uris: [] } }],
  ["POST /internal/active-labels", internalActiveLabels as Handler, { body: { uris: [] } }],
  ["POST /internal/labels", internalLabels as Handler, { body: { uris: [] } }],
  ["POST /internal/labels-by-value", internalLabelsByValue as Handler, { body: { values: [] } }],
  ["POST /internal/negated-labels", internalNegatedLabels as Handler, { body: { uris: [] } }],
];

describe.each(routes)("%s", (_name, route, request) => {
  it("answers 401 without a token and with a wrong one, the same way", async () => {
    const missing = await call(route, { ...request, token: null });
    const wrong = await call(route, { ...request, token: "wdn_not-a-real-token" });
    expect(missing.status).toBe(401);
    expect(wrong.status).toBe(401);
    expect(wrong.json).toEqual(missing.json);
  });

  it("answers 403 to the triage role", async () => {
    const { status, json } = await call(route, { ...request, token: tokens.triage });
    expect(status).toBe(403);
    expect(json.error.code).toBe("forbidden");
  });

  it("lets a moderator in, by X-Moderation-Key or Bearer", async () => {
    expect([401, 403]).not.toContain((await call(route, { ...request, token: tokens.moderator })).status);
    const bearer = await call(route, { ...request, token: null, headers: { authorization: `Bearer ${tokens.other}` } });
    expect([401, 403]).not.toContain(bearer.status);
  });

  if (request.method !== "GET") {
    it("answers 400 to malformed JSON and to a body of the wrong shape, 415 to another type", async () => {
      expect((await call(route, { ...request, body: "{oops" })).status).toBe(400);
      const wrongShape = await call(route, { ...request, body: [1, 2] });
      expect(wrongShape.status).toBe(400);
      expect(wrongShape.json.error.code).toBe("invalid_request");
      expect((await call(route, { ...request, body: "x", headers: { "content-type": "text/plain" } })).status).toBe(415);
    });
  }
});

describe("GET /sensitive-images", () => {
  it("is public, as in plyr.fm", async () => {
    const { status, json } = await call(publicImages as Handler, { method: "GET", token: null });
    expect(status).toBe(200);
    expect(json).toEqual({ image_ids: expect.any(Array), urls: expect.any(Array) });
  });
});
