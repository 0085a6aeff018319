import { finalizeEvent, generateSecretKey, getPublicKey } from "nostr-tools/pure";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import type { RelayEventStatus } from "@/lib/db/generated/enums";
import { POST as handleNip86 } from "@/app/api/relay/nip86/route";
import { sha256Hex } from "@/lib/relay/nip86/verify-nip98";
import { withMigratedDatabase } from "../support/database";
import { setEnv } from "../support/env";

withMigratedDatabase();

const adminKey = generateSecretKey();
const admin = getPublicKey(adminKey);
const url = "http://warden.test/api/relay/nip86";
let restoreEnv: () => void;
beforeAll(() => {
  restoreEnv = setEnv({ NIP86_ADMIN_PUBKEYS: admin, PUBLIC_URL: undefined });
});
afterAll(() => restoreEnv());

type Options = { key?: Uint8Array; contentType?: string; raw?: string; authorization?: string };

function request(method: string, params: unknown[] = [], options: Options = {}): Request {
  const body = options.raw ?? JSON.stringify({ method, params });
  const auth = finalizeEvent(
    {
      kind: 27235,
      created_at: Math.floor(Date.now() / 1000),
      content: "",
      tags: [["u", url], ["method", "POST"], ["payload", sha256Hex(new TextEncoder().encode(body))]],
    },
    options.key ?? adminKey,
  );
  return new Request(url, {
    method: "POST",
    body,
    headers: {
      "content-type": options.contentType ?? "application/nostr+json+rpc",
      "x-forwarded-proto": "http",
      "x-forwarded-host": "warden.test",
      authorization: options.authorization ?? `Nostr ${Buffer.from(JSON.stringify(auth)).toString("base64")}`,
    },
  });
}

async function call(method: string, params: unknown[] = [], options: Options = {}) {
  const response = await handleNip86(request(method, params, options));
  return { status: response.status, body: (await response.json()) as { result: unknown; error?: string } };
}

/** A real signed event held in the queue. */
async function heldEvent(status: RelayEventStatus = "pending", key = generateSecretKey(), reason: string | null = null) {
  const event = finalizeEvent({ kind: 1, created_at: Math.floor(Date.now() / 1000), content: `note ${Math.random()}`, tags: [] }, key);
  await db().relayEvent.create({
    data: { id: event.id, pubkey: event.pubkey, kind: 1, createdAt: event.created_at, event: { ...event }, status, reason },
  });
  return event;
}

const hex = (char: string) => char.repeat(64);

describe("NIP-86 transport", () => {
  it("refuses another content type with 415", async () => {
    const { status, body } = await call("supportedmethods", [], { contentType: "application/json" });
    expect(status).toBe(415);
    expect(body).toEqual({ result: null, error: expect.stringContaining("application/nostr+json+rpc") });
  });

  it("answers 401 without a valid NIP-98 header, and for a pubkey that is not an admin", async () => {
    expect((await call("supportedmethods", [], { authorization: "Bearer x" })).status).toBe(401);
    const stranger = await call("supportedmethods", [], { key: generateSecretKey() });
    expect(stranger).toEqual({ status: 401, body: { result: null, error: expect.stringMatching(/not authorized/) } });
  });

  it("fails closed when NIP86_ADMIN_PUBKEYS is unset", async () => {
    const restore = setEnv({ NIP86_ADMIN_PUBKEYS: undefined });
    try {
      expect((await call("supportedmethods")).status).toBe(401);
    } finally {
      restore();
    }
  });

  it("refuses a replayed token", async () => {
    const once = request("supportedmethods");
    expect((await handleNip86(once.clone())).status).toBe(200);
    expect((await handleNip86(once)).status).toBe(401);
  });

  it("answers 400 for a malformed body, even correctly signed", async () => {
    expect((await call("", [], { raw: "not json" })).status).toBe(400);
    expect((await call("", [], { raw: '{"params":[]}' })).status).toBe(400);
    expect((await call("", [], { raw: '{"method":"x","params":"no"}' })).status).toBe(400);
  });

  it("answers an unknown method and bad params with HTTP 200 and an error", async () => {
    expect(await call("changerelayname", ["x"])).toEqual({ status: 200, body: { result: null, error: "unsupported method" } });
    const bad = await call("banpubkey", ["npub1nothex"]);
    expect(bad.status).toBe(200);
    expect(bad.body.error).toMatch(/invalid params: pubkey must be a 32-byte hex string/);
  });

  it("lists its methods", async () => {
    const { body } = await call("supportedmethods");
    expect(body.result).toEqual([
      "supportedmethods",
      "banpubkey",
      "unbanpubkey",
      "listbannedpubkeys",
      "allowpubkey",
      "unallowpubkey",
      "listallowedpubkeys",
      "listeventsneedingmoderation",
      "allowevent",
      "banevent",
      "listbannedevents",
    ]);
  });
});

describe("NIP-86 methods", () => {
  it("bans a pubkey, rejecting its waiting events, lists it with the reason, and unbans it", async () => {
    const key = generateSecretKey();
    const pubkey = getPublicKey(key);
    const held = await heldEvent("pending", key);
    expect((await call("banpubkey", [pubkey.toUpperCase(), "spam"])).body).toEqual({ result: true });
    expect(await db().relayEvent.findUniqueOrThrow({ where: { id: held.id } })).toMatchObject({ status: "rejected" });
    expect((await call("listbannedpubkeys")).body.result).toContainEqual({ pubkey, reason: "spam" });
    const audit = await db().auditEntry.findFirst({ where: { subject: { contains: pubkey } }, orderBy: { id: "desc" } });
    expect(audit?.actor).toBe(`nip86:${admin}`);

    expect((await call("unbanpubkey", [pubkey])).body).toEqual({ result: true });
    expect((await call("listbannedpubkeys")).body.result).not.toContainEqual(expect.objectContaining({ pubkey }));
  });

  it("unbanpubkey gives back the tier the ban replaced, and is a no-op on a pubkey not banned", async () => {
    const pubkey = hex("d");
    await call("allowpubkey", [pubkey, "friend"]);
    await call("banpubkey", [pubkey, "hacked account"]);
    expect((await call("unbanpubkey", [pubkey, "recovered"])).body).toEqual({ result: true });
    expect(await db().relayPubkey.findUniqueOrThrow({ where: { pubkey } })).toMatchObject({ trust: "trusted", note: "friend" });
    expect((await call("unbanpubkey", [pubkey])).body).toEqual({ result: true });
    expect(await db().relayPubkey.findUniqueOrThrow({ where: { pubkey } })).toMatchObject({ trust: "trusted" });
  });

  it("allows and unallows a pubkey, leaving other tiers alone", async () => {
    const pubkey = hex("a");
    await call("allowpubkey", [pubkey, "friend"]);
    expect((await call("listallowedpubkeys")).body.result).toContainEqual({ pubkey, reason: "friend" });
    await call("unallowpubkey", [pubkey]);
    expect((await call("listallowedpubkeys")).body.result).not.toContainEqual(expect.objectContaining({ pubkey }));

    const banned = hex("b");
    await call("banpubkey", [banned]);
    await call("unallowpubkey", [banned]);
    expect((await db().relayPubkey.findUniqueOrThrow({ where: { pubkey: banned } })).trust).toBe("blocked");
  });

  it("lists events needing moderation, allows and bans them, and refuses a second decision", async () => {
    const pending = await heldEvent("pending");
    const flagged = await heldEvent("ai_flagged", undefined, "looks like spam");
    const waiting = (await call("listeventsneedingmoderation")).body.result;
    expect(waiting).toContainEqual({ id: pending.id });
    expect(waiting).toContainEqual({ id: flagged.id, reason: "looks like spam" });

    expect((await call("allowevent", [pending.id])).body).toEqual({ result: true });
    expect((await call("banevent", [flagged.id, "scam link"])).body).toEqual({ result: true });
    expect(await db().relayEvent.findUniqueOrThrow({ where: { id: pending.id } })).toMatchObject({
      status: "approved",
      decidedBy: `nip86:${admin}`,
    });
    expect((await call("listbannedevents")).body.result).toContainEqual({ id: flagged.id, reason: "scam link" });
    expect((await call("listeventsneedingmoderation")).body.result).not.toContainEqual(expect.objectContaining({ id: pending.id }));

    const again = await call("banevent", [pending.id]);
    expect(again.status).toBe(200);
    expect(again.body).toEqual({ result: null, error: expect.any(String) });
    expect((await call("allowevent", [hex("c")])).body.error).toBeTruthy();
  });
});
