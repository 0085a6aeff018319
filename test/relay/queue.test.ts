import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { decidePolicies } from "@/lib/relay/decide-policy";
import { decideEvent } from "@/lib/relay/decide-event";
import { enqueueHeldEvents } from "@/lib/relay/enqueue-held";
import { setPubkeyTier } from "@/lib/relay/trust";
import { withMigratedDatabase } from "../support/database";
import { newAuthor, pluginRequest, withBadSignature } from "./support/nostr";

withMigratedDatabase();

const status = async (id: string) => (await db().relayEvent.findUnique({ where: { id } }))?.status ?? null;
const hold = (...events: Parameters<typeof pluginRequest>[0][]) => enqueueHeldEvents(events.map((event) => pluginRequest(event)));

describe("the held-event queue", () => {
  it("stores a held event exactly as received and answers shadowReject; a duplicate is a no-op", async () => {
    const event = newAuthor().sign({ tags: [["t", "nostr"]], content: "ünïcödé ✓" });
    expect(await hold(event)).toEqual([{ id: event.id, action: "shadowReject", msg: "" }]);
    expect(await hold(event, event)).toEqual([
      { id: event.id, action: "shadowReject", msg: "" },
      { id: event.id, action: "shadowReject", msg: "" },
    ]);
    const rows = await db().relayEvent.findMany({ where: { pubkey: event.pubkey } });
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ id: event.id, kind: 1, createdAt: event.created_at, status: "pending", delivery: "none", event });
  });

  it("verifies the id and the signature: forged events are rejected and never stored", async () => {
    const author = newAuthor();
    const badSig = withBadSignature(author.sign());
    const badId = { ...author.sign(), content: "edited after signing" };
    expect(await hold(badSig, badId)).toEqual([
      { id: badSig.id, action: "reject", msg: "invalid: bad signature" },
      { id: badId.id, action: "reject", msg: "invalid: event id does not match its content" },
    ]);
    expect(await db().relayEvent.count({ where: { pubkey: author.pubkey } })).toBe(0);
  });

  it("accepts an event whose id is already approved (the outbox publishing it)", async () => {
    const event = newAuthor().sign();
    await hold(event);
    await decideEvent(event.id, "approve", "mod");
    expect(await hold(event)).toEqual([{ id: event.id, action: "accept", msg: "" }]);
  });

  it("a newer replaceable event supersedes the pending older one, in either arrival order", async () => {
    const author = newAuthor();
    const [v1, v2, v3] = [1, 2, 3].map((n) => author.sign({ kind: 0, created_at: 1_700_000_000 + n, content: `{"name":"v${n}"}` }));
    await hold(v1!);
    await hold(v3!);
    await hold(v2!); // arrives late: older than the pending v3
    expect([await status(v1!.id), await status(v2!.id), await status(v3!.id)]).toEqual(["rejected", "rejected", "pending"]);
    expect(await db().relayEvent.findUnique({ where: { id: v1!.id } })).toMatchObject({ reason: "superseded", decidedBy: "warden" });
    const audit = await db().auditEntry.findMany({ where: { subject: `event:${v1!.id}` } });
    expect(audit).toMatchObject([{ actor: "warden", action: "relay.event.supersede", detail: { by: v3!.id } }]);
  });

  it("addressable events supersede by d tag; another d tag or author is another address", async () => {
    const author = newAuthor();
    const other = newAuthor();
    const article = (d: string, at: number, by = author) => by.sign({ kind: 30_023, created_at: at, tags: [["d", d]] });
    const [a1, a2, b1, c1] = [article("a", 10), article("a", 20), article("b", 10), article("a", 30, other)];
    await hold(a1!, b1!, c1!);
    await hold(a2!);
    expect([await status(a1!.id), await status(a2!.id), await status(b1!.id), await status(c1!.id)]).toEqual([
      "rejected",
      "pending",
      "pending",
      "pending",
    ]);
  });

  it("supersedes within one batch too, and never touches an approved older version", async () => {
    const author = newAuthor();
    const [v1, v2, v3] = [1, 2, 3].map((n) => author.sign({ kind: 3, created_at: 1_700_000_000 + n }));
    await hold(v1!);
    await decideEvent(v1!.id, "approve", "mod");
    await hold(v2!, v3!);
    expect([await status(v1!.id), await status(v2!.id), await status(v3!.id)]).toEqual(["approved", "rejected", "pending"]);
  });

  it("the author's kind-5 deletion rejects their pending events it names by e and a tags, nobody else's", async () => {
    const author = newAuthor();
    const stranger = newAuthor();
    const note = author.sign();
    const kept = author.sign();
    const article = author.sign({ kind: 30_023, tags: [["d", "draft"]] });
    const theirs = stranger.sign();
    await hold(note, kept, article, theirs);
    const deletion = author.sign({ kind: 5, tags: [["e", note.id], ["e", theirs.id], ["a", `30023:${author.pubkey}:draft`]] });
    expect(await hold(deletion)).toEqual([{ id: deletion.id, action: "shadowReject", msg: "" }]);
    expect([await status(note.id), await status(article.id), await status(kept.id), await status(theirs.id), await status(deletion.id)]).toEqual([
      "rejected",
      "rejected",
      "pending",
      "pending",
      "pending",
    ]);
    expect(await db().relayEvent.findUnique({ where: { id: note.id } })).toMatchObject({ reason: "deleted by its author", decidedBy: "warden" });
    expect(await db().auditEntry.count({ where: { action: "relay.event.author_delete" } })).toBe(2);
  });

  it("refuses what PostgreSQL cannot store rather than failing the batch", async () => {
    const author = newAuthor();
    const nul = author.sign({ content: "a\u0000b" });
    const surrogate = author.sign({ tags: [["t", "\ud800"]] });
    const fine = author.sign();
    expect(await hold(nul, surrogate, fine)).toEqual([
      { id: nul.id, action: "reject", msg: "invalid: U+0000 and unpaired surrogates are not supported" },
      { id: surrogate.id, action: "reject", msg: "invalid: U+0000 and unpaired surrogates are not supported" },
      { id: fine.id, action: "shadowReject", msg: "" },
    ]);
  });
});

describe("the policy against the database (POST /api/relay/policy, held batches)", () => {
  it("decides on current tiers, stores held events before answering, and verifies accepted ones when asked", async () => {
    const trusted = newAuthor();
    const member = newAuthor();
    await setPubkeyTier({ pubkey: trusted.pubkey, tier: "trusted" }, "admin");
    await setPubkeyTier({ pubkey: member.pubkey, tier: "member" }, "admin");
    const fine = trusted.sign();
    const forged = withBadSignature(trusted.sign());
    const held = member.sign();
    const unknown = newAuthor().sign();
    const inputs = [fine, forged, held, unknown].map((event) => pluginRequest(event));
    expect(await decidePolicies(inputs, { verifySignatures: true })).toEqual([
      { id: fine.id, action: "accept", msg: "" },
      { id: forged.id, action: "reject", msg: "invalid: bad signature" },
      { id: held.id, action: "shadowReject", msg: "" },
      { id: unknown.id, action: "reject", msg: expect.stringMatching(/^restricted: /) },
    ]);
    expect(await status(held.id)).toBe("pending");
    expect(await status(unknown.id)).toBeNull();
    // The plugin's own held batches skip verifying accepted events (strfry verified them).
    expect(await decidePolicies([pluginRequest(forged)], { verifySignatures: false })).toEqual([{ id: forged.id, action: "accept", msg: "" }]);
  });

  it("a held batch from a stale plugin is decided on current state", async () => {
    const author = newAuthor();
    await setPubkeyTier({ pubkey: author.pubkey, tier: "trusted" }, "admin");
    const event = author.sign();
    expect(await decidePolicies([pluginRequest(event)], { verifySignatures: false })).toEqual([{ id: event.id, action: "accept", msg: "" }]);
    expect(await status(event.id)).toBeNull();
  });
});
