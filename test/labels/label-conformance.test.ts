// Conformance checks 1-10 of shared/docs/atproto-labeler.md §6 (labels and signing),
// verified the way consumers do: @atproto/crypto's strict verifySignature over the
// DAG-CBOR of the label without sig, with the published did:key.
import { verifySignature } from "@atproto/crypto";
import { decode } from "@atproto/lex-cbor";
import { isValidDatetime, isValidDid } from "@atproto/syntax";
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { createLabels } from "@/lib/labels/create-labels";
import type { StoredLabel } from "@/lib/labels/label-codec";
import { labelFromRow, labelToJson } from "@/lib/labels/label-codec";
import { createLabelsBodySchema, labelInputSchema } from "@/lib/labels/label-input";
import { labelerDid, labelerIdentity } from "@/lib/labels/labeler-identity";
import { negateLabel } from "@/lib/labels/negate-label";
import { labelSigningBytes, unsignedLabel, verifyLabel, type SignedLabel } from "@/lib/labels/sign-label";
import { withMigratedDatabase } from "../support/database";

withMigratedDatabase();

const SECP256K1_N = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n;
const post = (rkey: string) => `at://did:plc:ewvi7nxzyoun6zhxrhs64oiz/app.bsky.feed.post/${rkey}`;
const CID = "bafyreifxykqhed72s26cr4i64rxvrtofeqrly3j4vjzbkvo3ckkjbxjqtq";

async function emit(input: Parameters<typeof createLabels>[0][number]): Promise<StoredLabel> {
  const [label] = await createLabels([input], "test");
  return label!;
}

/** The label as a subscriber or queryLabels caller gets it: read back from the database. */
async function stored(seq: number): Promise<SignedLabel> {
  const label = labelFromRow(await db().label.findUniqueOrThrow({ where: { seq: BigInt(seq) } }));
  return { ...unsignedLabel(label), sig: label.sig };
}

async function strictlyVerifies(label: SignedLabel, didKey: string): Promise<boolean> {
  const { sig, ...unsigned } = label;
  return verifySignature(didKey, labelSigningBytes(unsigned), sig, { allowMalleableSig: false });
}

describe("labels and signing (conformance checks 1-10)", () => {
  it("check 1: every label carries ver 1 and a sig", async () => {
    const label = await stored((await emit({ uri: post("c1"), val: "spam" })).seq);
    expect(label.ver).toBe(1);
    expect(label.sig).toBeInstanceOf(Uint8Array);
    expect(labelToJson(label)).toMatchObject({ ver: 1, sig: { $bytes: expect.any(String) } });
  });

  it("check 2: sig verifies with the #atproto_label key over DAG-CBOR of the label without sig", async () => {
    const { didKey } = await labelerIdentity();
    const label = await stored((await emit({ uri: post("c2"), cid: CID, val: "spam", exp: "2030-01-01T00:00:00.000Z" })).seq);
    expect(await strictlyVerifies(label, didKey)).toBe(true);

    const { sig, ...unsigned } = label;
    const bytes = labelSigningBytes(unsigned);
    // DRISL key order: by length, then bytewise; no sig, no $type.
    expect(Object.keys(decode(bytes) as object)).toEqual(["cid", "cts", "exp", "src", "uri", "val", "ver"]);
    expect(await verifySignature(didKey, labelSigningBytes({ ...unsigned, val: "spam2" }), sig, { allowMalleableSig: false })).toBe(false);
  });

  it("check 3: the signature is 64 bytes, compact r||s, low-S", async () => {
    const { didKey } = await labelerIdentity();
    const labels = await createLabels(
      Array.from({ length: 40 }, (_, i) => ({ uri: post(`c3-${i}`), val: "spam" })),
      "test",
    );
    for (const { seq } of labels) {
      const label = await stored(seq);
      expect(label.sig).toHaveLength(64);
      // r||s as two 32-byte big-endian integers (a DER sequence would not parse this way).
      const [r, s] = [label.sig.subarray(0, 32), label.sig.subarray(32)].map((half) => BigInt(`0x${Buffer.from(half).toString("hex")}`));
      expect(r! > 0n && r! < SECP256K1_N).toBe(true);
      expect(s! > 0n && s! <= SECP256K1_N / 2n).toBe(true);
      expect(await strictlyVerifies(label, didKey)).toBe(true);
    }
  });

  it("check 4: neg:false, an absent cid and an absent exp are omitted, not false or null", async () => {
    const label = await stored((await emit({ uri: post("c4"), val: "spam", neg: false })).seq);
    const json = labelToJson(label);
    for (const field of ["neg", "cid", "exp"]) {
      expect(json).not.toHaveProperty(field);
      expect(decode(labelSigningBytes(unsignedLabel(label))) as object).not.toHaveProperty(field);
    }
    expect(JSON.stringify(json)).not.toContain("null");
    const negated = await stored((await emit({ uri: post("c4"), val: "spam", neg: true })).seq);
    expect(labelToJson(negated).neg).toBe(true);
  });

  it("check 5: val is at most 128 bytes and kebab-case or !-prefixed", () => {
    const valid = ["spam", "porn", "graphic-media", "!hide", "!no-unauthenticated", "a".repeat(128), "x1-2y"];
    const invalid: [string, RegExp][] = [
      ["a".repeat(129), /at most 128 bytes/],
      ["Spam", /lowercase/],
      ["SPAM", /lowercase/],
      ["-spam", /lowercase/],
      ["spam-", /lowercase/],
      ["spam--x", /lowercase/],
      ["spam value", /lowercase/],
      ["", /lowercase/],
      ["ünïcode", /lowercase/],
    ];
    for (const val of valid) expect(labelInputSchema.safeParse({ uri: post("c5"), val }).success, val).toBe(true);
    for (const [val, message] of invalid) {
      const result = createLabelsBodySchema.safeParse({ labels: [{ uri: post("c5"), val }] });
      expect(result.success, val).toBe(false);
      expect(result.error!.issues[0]!.path).toEqual(["labels", 0, "val"]);
      expect(result.error!.issues[0]!.message).toMatch(message);
    }
  });

  it("check 6: cts and exp use datetime syntax with a timezone (milliseconds, Z)", async () => {
    const label = await stored((await emit({ uri: post("c6"), val: "spam", exp: "2031-05-06T07:08:09+02:00" })).seq);
    for (const value of [label.cts, label.exp!]) {
      expect(isValidDatetime(value)).toBe(true);
      expect(value).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    }
    expect(label.exp).toBe("2031-05-06T05:08:09.000Z");
    for (const exp of ["2031-05-06", "2031-05-06T07:08:09", "2031-05-06 07:08:09Z", "tomorrow", "1714000000"]) {
      const result = labelInputSchema.safeParse({ uri: post("c6"), val: "spam", exp });
      expect(result.success, exp).toBe(false);
      expect(result.error!.issues[0]!.path).toEqual(["exp"]);
    }
  });

  it("check 7: src is the service DID; uri is a did: or an at:// URI", async () => {
    const account = await stored((await emit({ uri: "did:plc:44ybard66vv44zksje25o7dz", val: "spam" })).seq);
    const record = await stored((await emit({ uri: post("c7"), val: "spam" })).seq);
    for (const label of [account, record]) {
      expect(label.src).toBe(labelerDid());
      expect(isValidDid(label.src)).toBe(true);
    }
    for (const uri of ["https://example.com/post/1", "at://", "did:", "did:plc", "at://did:plc:x/ bad", "alice.bsky.social"]) {
      const result = labelInputSchema.safeParse({ uri, val: "spam" });
      expect(result.success, uri).toBe(false);
      expect(result.error!.issues[0]!.path).toEqual(["uri"]);
    }
  });

  it("check 8: the JSON form carries sig as {$bytes: base64}", async () => {
    const label = await stored((await emit({ uri: post("c8"), val: "spam" })).seq);
    const json = labelToJson(label);
    expect(Object.keys(json.sig)).toEqual(["$bytes"]);
    expect(json.sig.$bytes).toMatch(/^[A-Za-z0-9+/]+$/); // standard alphabet, no padding
    expect(Buffer.from(json.sig.$bytes, "base64")).toEqual(Buffer.from(label.sig));
  });

  it("check 9: a negation has the same src, uri and val, and a later cts", async () => {
    const original = await emit({ uri: post("c9"), val: "spam" });
    const negation = await negateLabel({ uri: post("c9"), val: "spam", reason: "false positive" }, "test");
    expect(negation).toMatchObject({ src: original.src, uri: original.uri, val: original.val, neg: true });
    expect(Date.parse(negation.cts)).toBeGreaterThan(Date.parse(original.cts));
    expect(negation.seq).toBeGreaterThan(original.seq);
    expect(await strictlyVerifies(await stored(negation.seq), (await labelerIdentity()).didKey)).toBe(true);
  });

  it("check 10: indigo's TestVerifyLabel vector passes and a mutated copy fails", async () => {
    // bluesky-social/indigo atproto/labeling/label_test.go
    const didKey = "did:key:zQ3shcnfWLQN1bY4d2patsEAYFzy4xp1zdckEvHsV7S4ocTnC";
    const vector: SignedLabel = {
      ver: 1,
      src: "did:plc:n3timvoib5nau7gvwd6cshap",
      uri: "did:plc:44ybard66vv44zksje25o7dz",
      val: "bladerunner",
      cts: "2024-10-23T17:51:19.128Z",
      sig: new Uint8Array(Buffer.from("uCRNA5mTzh078T5xZtkvLEt/O+z0gsKM3aqRI/lVAB8ZtbMnznwS/JwHopZE40JhNNDj80z8gsDLAp/hWqG5Pg", "base64")),
    };
    expect(await verifyLabel(vector, didKey)).toBe(true);
    expect(await strictlyVerifies(vector, didKey)).toBe(true);
    expect(await verifyLabel({ ...vector, val: "wrong" }, didKey)).toBe(false);
    expect(await verifyLabel({ ...vector, neg: true }, didKey)).toBe(false);
    const flipped = new Uint8Array(vector.sig);
    flipped[10]! ^= 1;
    expect(await verifyLabel({ ...vector, sig: flipped }, didKey)).toBe(false);
  });
});
