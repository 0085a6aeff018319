import { expect, test, type APIRequestContext } from "@playwright/test";
import { getToken } from "nostr-tools/nip98";
import { finalizeEvent, generateSecretKey, getPublicKey } from "nostr-tools/pure";
import { NIP86_ADMIN_SECRET, NIP86_EXTRA_PATH, nip98Header } from "./support/nip86";
import { E2E_ADMIN_TOKEN, E2E_PORT, E2E_RELAY_SECRET } from "./support/settings";

const origin = `http://127.0.0.1:${E2E_PORT}`;
const route = "/api/relay/nip86";
const rpc = "application/nostr+json+rpc";

async function call(request: APIRequestContext, method: string, params: unknown[] = [], path = route) {
  const body = JSON.stringify({ method, params });
  const response = await request.post(path, {
    data: body,
    headers: { "content-type": rpc, authorization: nip98Header(`${origin}${path}`, body) },
  });
  return { status: response.status(), body: await response.json() };
}

test("a nostr-tools NIP-98 token lists the supported methods", async ({ request }) => {
  const payload = { method: "supportedmethods", params: [] };
  const token = await getToken(`${origin}${route}`, "POST", (event) => finalizeEvent(event, NIP86_ADMIN_SECRET), true, payload);
  // nostr-tools hashes JSON.stringify(payload), so the body must be exactly that string.
  const response = await request.post(route, { data: JSON.stringify(payload), headers: { "content-type": rpc, authorization: token } });
  expect(response.status()).toBe(200);
  expect((await response.json()).result).toEqual(expect.arrayContaining(["banpubkey", "allowevent", "listeventsneedingmoderation"]));
});

test("a tampered payload hash, another URL, a stranger's key and a replay all get 401", async ({ request }) => {
  const body = JSON.stringify({ method: "banpubkey", params: ["a".repeat(64)] });
  const signedForOther = nip98Header(`${origin}${route}`, JSON.stringify({ method: "supportedmethods", params: [] }));
  const attempts = [
    signedForOther,
    nip98Header(`https://elsewhere.example${route}`, body),
    nip98Header(`${origin}${route}`, body, generateSecretKey()),
  ];
  for (const authorization of attempts) {
    const response = await request.post(route, { data: body, headers: { "content-type": rpc, authorization } });
    expect(response.status()).toBe(401);
    expect(await response.json()).toEqual({ result: null, error: expect.stringContaining("NIP-98") });
  }
  const once = nip98Header(`${origin}${route}`, JSON.stringify({ method: "supportedmethods", params: [] }));
  const send = () => request.post(route, { data: JSON.stringify({ method: "supportedmethods", params: [] }), headers: { "content-type": rpc, authorization: once } });
  expect((await send()).status()).toBe(200);
  expect((await send()).status()).toBe(401);
});

test("another content type is 415, a malformed body 400, an unknown method 200 with an error", async ({ request }) => {
  const json = await request.post(route, { data: { method: "supportedmethods", params: [] } });
  expect(json.status()).toBe(415);
  expect((await json.json()).error).toContain(rpc);

  const garbage = "{not json";
  const malformed = await request.post(route, { data: garbage, headers: { "content-type": rpc, authorization: nip98Header(`${origin}${route}`, garbage) } });
  expect(malformed.status()).toBe(400);

  expect(await call(request, "blockip", ["1.2.3.4"])).toEqual({ status: 200, body: { result: null, error: "unsupported method" } });
});

test("NIP86_PATH serves the same API, checking u against the path the client used", async ({ request }) => {
  expect((await call(request, "supportedmethods", [], NIP86_EXTRA_PATH)).status).toBe(200);
  const body = JSON.stringify({ method: "supportedmethods", params: [] });
  const wrongU = await request.post(NIP86_EXTRA_PATH, { data: body, headers: { "content-type": rpc, authorization: nip98Header(`${origin}${route}`, body) } });
  expect(wrongU.status()).toBe(401);
  // A client cannot claim another public path itself.
  const forged = await request.post(route, {
    data: body,
    headers: { "content-type": rpc, "x-warden-public-path": NIP86_EXTRA_PATH, authorization: nip98Header(`${origin}${NIP86_EXTRA_PATH}`, body) },
  });
  expect(forged.status()).toBe(401);
});

test("banpubkey blocks a pubkey for the whole service, unbanpubkey lifts it", async ({ request }) => {
  const pubkey = getPublicKey(generateSecretKey());
  expect((await call(request, "banpubkey", [pubkey, "e2e spam"])).body).toEqual({ result: true });
  expect((await call(request, "listbannedpubkeys")).body.result).toContainEqual({ pubkey, reason: "e2e spam" });
  const tiers = await request.get("/api/relay/pubkeys?tier=blocked", { headers: { authorization: `Bearer ${E2E_ADMIN_TOKEN}` } });
  expect(JSON.stringify(await tiers.json())).toContain(pubkey);

  expect((await call(request, "unbanpubkey", [pubkey])).body).toEqual({ result: true });
  expect((await call(request, "listbannedpubkeys")).body.result).not.toContainEqual(expect.objectContaining({ pubkey }));
});

test("a member's held event is listed for moderation, allowed once, and a second decision is refused", async ({ request }) => {
  const key = generateSecretKey();
  const admin = { authorization: `Bearer ${E2E_ADMIN_TOKEN}` };
  expect((await request.post("/api/relay/pubkeys", { headers: admin, data: { pubkey: getPublicKey(key), tier: "member" } })).ok()).toBe(true);
  const events = [];
  for (const content of ["allow me", "ban me"]) {
    const event = finalizeEvent({ kind: 1, created_at: Math.floor(Date.now() / 1000), tags: [], content }, key);
    const held = await request.post("/api/relay/policy", { headers: { authorization: `Bearer ${E2E_RELAY_SECRET}` }, data: { type: "new", event } });
    expect((await held.json()).action).toBe("shadowReject");
    events.push(event);
  }
  const [allow, ban] = events as [(typeof events)[0], (typeof events)[0]];

  const waiting = (await call(request, "listeventsneedingmoderation")).body.result;
  expect(waiting).toContainEqual({ id: allow.id });
  expect((await call(request, "allowevent", [allow.id, "fine"])).body).toEqual({ result: true });
  expect((await call(request, "banevent", [ban.id, "spam"])).body).toEqual({ result: true });
  expect((await call(request, "listbannedevents")).body.result).toContainEqual({ id: ban.id, reason: "spam" });

  const again = await call(request, "banevent", [allow.id]);
  expect(again.status).toBe(200);
  expect(again.body).toEqual({ result: null, error: expect.stringContaining("already approved") });
  const queue = await request.get(`/api/relay/queue?status=approved`, { headers: admin });
  expect(JSON.stringify(await queue.json())).toContain(`nip86:${getPublicKey(NIP86_ADMIN_SECRET)}`);
});
