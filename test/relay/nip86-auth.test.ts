import { getToken } from "nostr-tools/nip98";
import { finalizeEvent, generateSecretKey, getPublicKey, type EventTemplate } from "nostr-tools/pure";
import { describe, expect, it } from "vitest";
import { publicRequestUrl, PUBLIC_PATH_HEADER } from "@/lib/relay/nip86/public-url";
import { sha256Hex, verifyNip98, type Nip98Request } from "@/lib/relay/nip86/verify-nip98";

const adminKey = generateSecretKey();
const admin = getPublicKey(adminKey);
const url = "https://warden.example/api/relay/nip86";
const bytes = (text: string) => new TextEncoder().encode(text);

/** A header signed by hand, so each test can get one field wrong. */
function header(overrides: Partial<EventTemplate> & { body?: string; key?: Uint8Array } = {}): string {
  const { body = "{}", key = adminKey, ...template } = overrides;
  const event = finalizeEvent(
    {
      kind: 27235,
      created_at: Math.floor(Date.now() / 1000),
      content: "",
      tags: [
        ["u", url],
        ["method", "POST"],
        ["payload", sha256Hex(bytes(body))],
      ],
      ...template,
    },
    key,
  );
  return `Nostr ${Buffer.from(JSON.stringify(event)).toString("base64")}`;
}

const check = (authorization: string | null, rest: Partial<Nip98Request> = {}) =>
  verifyNip98({ authorization, url, method: "POST", body: bytes("{}"), admins: [admin], ...rest });

const rejected = (call: () => unknown, reason: RegExp) => expect(call).toThrow(expect.objectContaining({ code: "unauthorized", message: expect.stringMatching(reason) }));

describe("NIP-98 verification for NIP-86", () => {
  it("accepts a nostr-tools token whose payload is the hash of the exact body sent", async () => {
    const call = { method: "supportedmethods", params: [] };
    const token = await getToken(url, "post", (event) => finalizeEvent(event, adminKey), true, call);
    // nostr-tools hashes JSON.stringify(payload): send exactly those bytes.
    const auth = check(token, { body: bytes(JSON.stringify(call)) });
    expect(auth.pubkey).toBe(admin);
  });

  it("hashes the raw bytes, not a re-serialisation of the JSON", () => {
    const raw = '{ "method": "supportedmethods",\n  "params": [] }';
    expect(check(header({ body: raw }), { body: bytes(raw) }).pubkey).toBe(admin);
    rejected(() => check(header({ body: JSON.stringify(JSON.parse(raw)) }), { body: bytes(raw) }), /payload/);
  });

  it("refuses a tampered payload hash", () => {
    const signedFor = header({ body: '{"method":"listbannedpubkeys","params":[]}' });
    rejected(() => check(signedFor, { body: bytes('{"method":"banpubkey","params":["00"]}') }), /payload/);
  });

  it("requires the payload tag", () => {
    rejected(() => check(header({ tags: [["u", url], ["method", "POST"]] })), /payload/);
  });

  it("refuses another URL, another method and another kind", () => {
    rejected(() => check(header(), { url: "https://warden.example/api/relay/nip86?x=1" }), /u tag/);
    rejected(() => check(header({ tags: [["u", "http://warden.example/api/relay/nip86"], ["method", "POST"], ["payload", sha256Hex(bytes("{}"))]] })), /u tag/);
    rejected(() => check(header(), { method: "PUT" }), /method/);
    rejected(() => check(header({ kind: 27236 })), /kind/);
  });

  it("refuses an event older or newer than 60 seconds", () => {
    const now = Math.floor(Date.now() / 1000);
    rejected(() => check(header({ created_at: now - 61 }), { nowSeconds: now }), /created_at/);
    rejected(() => check(header({ created_at: now + 61 }), { nowSeconds: now }), /created_at/);
    expect(check(header({ created_at: now - 60 }), { nowSeconds: now }).pubkey).toBe(admin);
  });

  it("answers a non-admin and a bad signature alike", () => {
    const stranger = header({ key: generateSecretKey() });
    const event = JSON.parse(Buffer.from(header().slice(6), "base64").toString());
    event.sig = (event.sig[0] === "a" ? "b" : "a") + event.sig.slice(1);
    const forged = `Nostr ${Buffer.from(JSON.stringify(event)).toString("base64")}`;
    rejected(() => check(stranger), /not authorized$/);
    rejected(() => check(forged), /not authorized$/);
    // An unsigned event claiming to be the admin: the id no longer matches its content.
    const claimed = { ...event, content: "x" };
    rejected(() => check(`Nostr ${Buffer.from(JSON.stringify(claimed)).toString("base64")}`), /not authorized$/);
  });

  it("fails closed when no admin pubkeys are configured", () => {
    rejected(() => check(header(), { admins: [] }), /not authorized$/);
  });

  it("refuses a missing, non-Nostr or garbage header", () => {
    rejected(() => check(null), /required/);
    rejected(() => check("Bearer abc"), /required/);
    rejected(() => check("Nostr !!!"), /required/);
    rejected(() => check(`Nostr ${Buffer.from("not json").toString("base64")}`), /base64 JSON/);
    rejected(() => check(`Nostr ${Buffer.from('{"kind":27235}').toString("base64")}`), /valid Nostr event/);
    rejected(() => check(`Nostr ${"A".repeat(10_000)}`), /required/);
  });
});

describe("the public URL a u tag must match", () => {
  const request = (path: string, headers: Record<string, string> = {}) =>
    new Request(`http://127.0.0.1:3000${path}`, { method: "POST", headers });

  it("uses the protocol and host the server stamped", () => {
    const stamped = { "x-forwarded-proto": "https", "x-forwarded-host": "relay.example" };
    expect(publicRequestUrl(request("/api/relay/nip86", stamped), undefined)).toBe("https://relay.example/api/relay/nip86");
  });

  it("prefers PUBLIC_URL's origin, and the path the client used before a rewrite", () => {
    const rewritten = request("/api/relay/nip86?a=1", { [PUBLIC_PATH_HEADER]: "/?a=1", "x-forwarded-host": "evil.example" });
    expect(publicRequestUrl(rewritten, "https://warden.example/ignored")).toBe("https://warden.example/?a=1");
  });
});
