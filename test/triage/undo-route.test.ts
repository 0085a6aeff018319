// POST /api/triage/decisions/:id/undo: who may undo which pipeline's decisions,
// a bad id named, and the JSON answers.
import { beforeAll, describe, expect, it, vi } from "vitest";
import { POST as undoRoute } from "@/app/api/triage/decisions/[id]/undo/route";
import { call, seedFlags, setUpTokens, type Tokens } from "../flags/support";
import { withMigratedDatabase } from "../support/database";
import { autoApprove, autoResolve, insertRun } from "./decision-seeds";

// No cookie in these requests: the session look-up finds nobody.
vi.mock("@/lib/auth/session", () => ({ currentPrincipal: async () => null }));

withMigratedDatabase();

type Handler = Parameters<typeof call>[0];
const undo = (id: string, token: string | null) => call(undoRoute as Handler, { path: `/api/triage/decisions/${id}/undo`, params: { id }, token });

let tokens: Tokens;
let runId: string;
beforeAll(async () => {
  tokens = await setUpTokens();
  runId = (await insertRun()).id;
});

describe("POST /api/triage/decisions/:id/undo", () => {
  it("401 without a token, 400 naming a bad id, 404 for an unknown one", async () => {
    expect((await undo("1", null)).status).toBe(401);
    const bad = await undo("abc", tokens.moderator);
    expect(bad).toMatchObject({ status: 400, json: { error: { code: "invalid_request", message: "id: decision id must be a positive integer" } } });
    expect((await undo("0", tokens.moderator)).status).toBe(400);
    expect((await undo("99999999999999999999", tokens.moderator)).status).toBe(400);
    expect(await undo("424242", tokens.moderator)).toMatchObject({ status: 404, json: { error: { code: "not_found" } } });
  });

  it("the triage role may not undo; a moderator undoes a flag resolution, then gets 409", async () => {
    const [uri] = await seedFlags([{ rkey: "route1" }]);
    const decision = await autoResolve(uri!, runId);
    const id = decision.id.toString();
    expect(await undo(id, tokens.triage)).toMatchObject({ status: 403, json: { error: { code: "forbidden", message: expect.stringMatching(/flags:review/) } } });
    const done = await undo(id, tokens.moderator);
    expect(done).toMatchObject({ status: 200, json: { decision: { id, pipeline: "flags", item: uri, undoneBy: "mod" }, labels: [{ seq: expect.any(Number) }] } });
    expect(await undo(id, tokens.admin)).toMatchObject({ status: 409, json: { error: { code: "conflict" } } });
  });

  it("relay decisions need relay:decide; the answer says what became of the delivery", async () => {
    const { event, decision } = await autoApprove(runId);
    const id = decision.id.toString();
    expect(await undo(id, tokens.triage)).toMatchObject({ status: 403, json: { error: { message: expect.stringMatching(/relay:decide/) } } });
    expect(await undo(id, tokens.other)).toMatchObject({ status: 200, json: { delivery: "cancelled", decision: { item: event.id, undoneBy: "mod2" } } });
  });
});
