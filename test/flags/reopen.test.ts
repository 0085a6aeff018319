// POST /admin/reopen: a moderator's resolution taken back. The flag label is emitted
// again (the negation negated), the flag is pending, the audit entry names the actor,
// the reason and the resolution it undid; 409 when there is nothing to reopen.
import { beforeAll, describe, expect, it } from "vitest";
import { POST as reopen } from "@/app/admin/reopen/route";
import { POST as resolve } from "@/app/admin/resolve/route";
import { db } from "@/lib/db";
import { loadFlags } from "@/lib/flags/load-flags";
import { withMigratedDatabase } from "../support/database";
import { call, seedFlags, setUpTokens, track, type Tokens } from "./support";

withMigratedDatabase();

type Handler = Parameters<typeof call>[0];
let tokens: Tokens;
beforeAll(async () => {
  tokens = await setUpTokens();
  await seedFlags([{ rkey: "o1", title: "Reopened" }, { rkey: "o2" }]);
});

describe("POST /admin/reopen", () => {
  it("re-emits the flag label, makes the flag pending, and audits actor, reason and the undone resolution", async () => {
    const resolved = await call(resolve as Handler, { token: tokens.moderator, body: { uri: track("o1"), reason: "licensed", notes: "wrong track" } });
    expect(resolved.status).toBe(200);

    const { status, json } = await call(reopen as Handler, { token: tokens.moderator, body: { uri: track("o1"), reason: "undo: cleared the wrong track" } });
    expect(status).toBe(200);
    expect(json).toMatchObject({ uri: track("o1"), labels: [{ seq: expect.any(Number) }], message: expect.stringContaining("pending again") });

    const emitted = await db().label.findUniqueOrThrow({ where: { seq: BigInt(json.labels[0].seq) } });
    expect(emitted).toMatchObject({ uri: track("o1"), val: "copyright-violation", neg: false });
    expect(emitted.seq).toBeGreaterThan(BigInt(resolved.json.seq));
    const [flag] = await loadFlags([track("o1")]);
    expect(flag).toMatchObject({ status: "pending", context: expect.objectContaining({ resolvedBy: null, resolutionReason: null }) });

    const audit = await db().auditEntry.findFirstOrThrow({ where: { subject: track("o1"), action: "flag.reopen" } });
    expect(audit).toMatchObject({ actor: "mod", detail: expect.objectContaining({ reason: "undo: cleared the wrong track", resolved_by: "mod", resolution_reason: "licensed" }) });
  });

  it("answers 409 for a pending flag and 404 without a flag, emitting nothing", async () => {
    const before = await db().label.count();
    const pending = await call(reopen as Handler, { body: { uri: track("o2"), reason: "why not" } });
    expect(pending.status).toBe(409);
    expect(pending.json.error.message).toMatch(/pending already/);
    const missing = await call(reopen as Handler, { body: { uri: track("nope"), reason: "why not" } });
    expect(missing.status).toBe(404);
    expect(await db().label.count()).toBe(before);
  });

  // Tokens and roles: test/flags/routes-auth.test.ts, as for every flag route.
  it("needs a reason", async () => {
    const noReason = await call(reopen as Handler, { body: { uri: track("o1"), reason: " " } });
    expect(noReason.status).toBe(400);
    expect(noReason.json.error.message).toMatch(/reason/);
  });
});
