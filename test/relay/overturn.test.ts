// The way back from a rejection: a rejected event approved after all, through
// POST /api/relay/queue/{id}/overturn; audited with actor, reason and what it overturned.
import { beforeAll, describe, expect, it } from "vitest";
import { POST as overturnRoute } from "@/app/api/relay/queue/[eventId]/overturn/route";
import { createToken } from "@/lib/auth/tokens";
import { db } from "@/lib/db";
import { decideEvent } from "@/lib/relay/decide-event";
import { enqueueHeldEvents } from "@/lib/relay/enqueue-held";
import { overturnRejection } from "@/lib/relay/overturn-rejection";
import { readSnapshot } from "@/lib/relay/read-snapshot";
import { withMigratedDatabase } from "../support/database";
import { setEnv } from "../support/env";
import { newAuthor, pluginRequest } from "./support/nostr";

withMigratedDatabase();

const ADMIN = "relay-overturn-admin-token-0123";
let triage: string;

beforeAll(async () => {
  setEnv({ ADMIN_TOKEN: ADMIN });
  triage = (await createToken({ name: "overturn-bot", role: "triage" }, "test")).token;
});

async function heldEvent() {
  const event = newAuthor().sign();
  await enqueueHeldEvents([pluginRequest(event)]);
  return event;
}

async function call(eventId: string, body: unknown, token = ADMIN) {
  const request = new Request("http://warden.test/api/relay", {
    method: "POST",
    headers: { "x-moderation-key": token, "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  const response = await overturnRoute(request, { params: Promise.resolve({ eventId }) });
  return { status: response.status, json: await response.json() };
}

describe("overturnRejection", () => {
  it("approves a rejected event, queues delivery, reaches the plugin's snapshot, and audits what it overturned", async () => {
    const event = await heldEvent();
    await decideEvent(event.id, "reject", "alice", "looked like spam");
    const before = await readSnapshot(undefined);
    const item = await overturnRejection(event.id, "bob", "undo");
    expect(item).toMatchObject({ id: event.id, status: "approved", decidedBy: "bob", reason: "undo", delivery: "queued" });
    expect((await readSnapshot(before.version)).approved).toEqual([event.id]);
    const audit = await db().auditEntry.findMany({ where: { subject: `event:${event.id}` }, orderBy: { id: "asc" } });
    expect(audit.map((entry) => [entry.actor, entry.action, entry.detail])).toEqual([
      ["alice", "relay.event.reject", { reason: "looked like spam" }],
      ["bob", "relay.event.approve", { reason: "undo", overturned: { rejected_by: "alice", rejection_reason: "looked like spam" } }],
    ]);
  });

  it("409 unless rejected (pending, or overturned already), 404 for an unknown id", async () => {
    const pending = await heldEvent();
    await expect(overturnRejection(pending.id, "bob")).rejects.toMatchObject({ code: "conflict", status: 409 });
    const rejected = await heldEvent();
    await decideEvent(rejected.id, "reject", "alice");
    const twice = await Promise.allSettled([overturnRejection(rejected.id, "bob"), overturnRejection(rejected.id, "carol")]);
    expect(twice.filter((outcome) => outcome.status === "fulfilled")).toHaveLength(1);
    await expect(overturnRejection("f".repeat(64), "bob")).rejects.toMatchObject({ code: "not_found" });
  });

  it("over HTTP: a moderator's route, 403 to the triage role, 400 for a malformed id", async () => {
    const event = await heldEvent();
    await decideEvent(event.id, "reject", "alice");
    expect((await call(event.id, {}, triage)).status).toBe(403);
    expect((await call("not-an-id", {})).status).toBe(400);
    const { status, json } = await call(event.id, { reason: "approved after all" });
    expect(status).toBe(200);
    expect(json).toMatchObject({ status: "approved", reason: "approved after all" });
  });
});
