import { verifySignature } from "@atproto/crypto";
import { encode } from "@atproto/lex-cbor";
import { expect, test } from "@playwright/test";
import { E2E_ADMIN_TOKEN } from "./support/settings";
import { defineLabelValues } from "./support/label-definitions";

const admin = { "x-moderation-key": E2E_ADMIN_TOKEN };
const track = (rkey: string) => `at://did:plc:ewvi7nxzyoun6zhxrhs64oiz/fm.plyr.track/${rkey}-${Date.now()}`;

type JsonLabel = Record<string, unknown> & { sig: { $bytes: string } };

/** Verifies as an outside consumer does: DAG-CBOR of the label without sig, strict low-S. */
async function verifies(label: JsonLabel, didKey: string): Promise<boolean> {
  const { sig, ...unsigned } = label;
  return verifySignature(didKey, encode(unsigned as never), Buffer.from(sig.$bytes, "base64"), { allowMalleableSig: false });
}
test.beforeAll(() => defineLabelValues(["spam"]));

test("POST /emit-label answers {seq, label}, verifiable with the key of /.well-known/did.json", async ({ request }) => {
  const uri = track("scan");
  const response = await request.post("/emit-label", {
    headers: admin,
    data: { uri, val: "copyright-violation", neg: false, context: { track_title: "Song", highest_score: 91, matches: [{ title: "T", artist: "A", score: 91 }] } },
  });
  expect(response.status()).toBe(200);
  const { seq, label } = await response.json();
  expect(seq).toEqual(expect.any(Number));
  expect(label).toMatchObject({ ver: 1, uri, val: "copyright-violation", sig: { $bytes: expect.any(String) } });
  expect(label).not.toHaveProperty("neg");

  const document = await (await request.get("/.well-known/did.json")).json();
  expect(label.src).toBe(document.id);
  const method = document.verificationMethod.find((entry: { id: string }) => entry.id === `${document.id}#atproto_label`);
  expect(method.type).toBe("Multikey");
  expect(await verifies(label, `did:key:${method.publicKeyMultibase}`)).toBe(true);
  expect(await verifies({ ...label, val: "spam" }, `did:key:${method.publicKeyMultibase}`)).toBe(false);
  expect(document.service).toEqual([{ id: "#atproto_labeler", type: "AtprotoLabeler", serviceEndpoint: expect.stringMatching(/^https?:\/\/[^/]+$/) }]);
});

test("emission needs a token with labels:write: 401 without one, 403 for triage", async ({ request }) => {
  const body = { uri: track("auth"), val: "spam" };
  const anonymous = await request.post("/emit-label", { data: body });
  expect(anonymous.status()).toBe(401);
  expect((await anonymous.json()).error.code).toBe("unauthorized");

  const name = `triage-${Date.now()}`;
  const { token } = await (await request.post("/api/tokens", { headers: admin, data: { name, role: "triage" } })).json();
  const forbidden = await request.post("/emit-label", { headers: { authorization: `Bearer ${token}` }, data: body });
  expect(forbidden.status()).toBe(403);
  expect((await request.post("/api/labels", { headers: { "x-moderation-key": token }, data: { labels: [body] } })).status()).toBe(403);
});

test("bad input gets 400 naming the field", async ({ request }) => {
  const cases: [unknown, RegExp][] = [
    [{ uri: track("bad"), val: "x".repeat(129) }, /^val: .*128 bytes/],
    [{ uri: track("bad"), val: "Spam" }, /^val: .*lowercase/],
    [{ uri: "https://example.com/1", val: "spam" }, /^uri: /],
    [{ uri: track("bad"), val: "spam", exp: "soon" }, /^exp: /],
    [{ uri: track("bad"), val: "spam", cid: "not-a-cid" }, /^cid: /],
  ];
  for (const [data, message] of cases) {
    const response = await request.post("/emit-label", { headers: admin, data });
    expect(response.status(), JSON.stringify(data)).toBe(400);
    expect((await response.json()).error.message).toMatch(message);
  }
  const batch = await request.post("/api/labels", { headers: admin, data: { labels: [{ uri: track("ok"), val: "ok" }, { uri: "nope", val: "ok" }] } });
  expect(batch.status()).toBe(400);
  expect((await batch.json()).error.message).toMatch(/^labels\.1\.uri: /);
});

test("with a token the custom server answers the write API itself, with the pipeline's errors and the server's headers", async ({ request }) => {
  const wrongType = await request.post("/emit-label", { headers: { ...admin, "content-type": "text/plain" }, data: "uri=x" });
  expect(wrongType.status()).toBe(415);
  expect(await wrongType.json()).toEqual({ error: { code: "unsupported_media_type", message: "Content-Type must be application/json" } });
  const broken = await request.post("/api/labels", { headers: { ...admin, "content-type": "application/json" }, data: "{\"labels\": [" });
  expect(broken.status()).toBe(400);
  expect((await broken.json()).error.code).toBe("invalid_request");
  const unknown = await request.post("/emit-label", { headers: { "x-moderation-key": "wdn_not-a-token" }, data: { uri: track("t"), val: "spam" } });
  expect(unknown.status()).toBe(401);
  const stored = await request.post("/emit-label", { headers: { ...admin, "x-request-id": "write-api-check" }, data: { uri: track("t"), val: "spam" } });
  expect(stored.status()).toBe(200);
  expect(stored.headers()).toMatchObject({ "x-request-id": "write-api-check", "x-content-type-options": "nosniff", "content-type": expect.stringMatching(/^application\/json/) });
});

test("a batch, then its negation: 404 for no such label, 409 when already negated", async ({ request }) => {
  const uri = track("batch");
  const created = await request.post("/api/labels", { headers: admin, data: { labels: [{ uri, val: "spam" }, { uri, val: "gore" }], reason: "e2e" } });
  expect(created.status()).toBe(201);
  const { labels } = await created.json();
  expect(labels[1].seq).toBeGreaterThan(labels[0].seq);

  const negate = (val: string) => request.post("/api/labels/negate", { headers: admin, data: { uri, val, reason: "false positive" } });
  expect((await negate("spam")).status()).toBe(201);
  expect((await negate("spam")).status()).toBe(409);
  expect((await negate("porn")).status()).toBe(404);
});
