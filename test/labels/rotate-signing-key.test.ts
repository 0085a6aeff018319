// Conformance check 30 (re-signing after a key rotation, cts unchanged) and the
// rotation's safety: no process keeps signing with a retired key.
import { Secp256k1Keypair } from "@atproto/crypto";
import { afterEach, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { createLabels } from "@/lib/labels/create-labels";
import { labelFromRow } from "@/lib/labels/label-codec";
import { labelerIdentity, type LabelerIdentity } from "@/lib/labels/labeler-identity";
import { rotateSigningKey } from "@/lib/labels/rotate-signing-key";
import { unsignedLabel, verifyLabel, type SignedLabel } from "@/lib/labels/sign-label";
import { labelerPublicKey } from "@/lib/labels/signing-key-status";
import { withMigratedDatabase } from "../support/database";
import { setEnv } from "../support/env";

withMigratedDatabase();

const post = (rkey: string) => `at://did:plc:ewvi7nxzyoun6zhxrhs64oiz/app.bsky.feed.post/${rkey}`;
const newKeyHex = async () => Buffer.from(await (await Secp256k1Keypair.create({ exportable: true })).export()).toString("hex");

async function allLabels(): Promise<(SignedLabel & { seq: number })[]> {
  const rows = await db().label.findMany({ orderBy: { seq: "asc" } });
  return rows.map((row) => {
    const label = labelFromRow(row);
    return { ...unsignedLabel(label), sig: label.sig, seq: label.seq };
  });
}

const verifies = (label: SignedLabel, didKey: string) => verifyLabel({ ...unsignedLabel(label), sig: label.sig }, didKey);
const withoutSig = (labels: (SignedLabel & { seq: number })[]) => labels.map((label) => ({ ...unsignedLabel(label), seq: label.seq }));

let restoreEnv: (() => void) | undefined;
afterEach(() => restoreEnv?.());

describe("key rotation", () => {
  it("check 30: re-signs every stored label with the new key, cts unchanged", async () => {
    const old = await labelerIdentity();
    await createLabels(Array.from({ length: 30 }, (_, i) => ({ uri: post(`r-${i}`), val: "spam" })), "test");
    await createLabels([{ uri: post("r-0"), val: "spam", neg: true }], "test"); // history rows too
    await createLabels([{ uri: post("r-x"), val: "spam", cid: "bafyreifxykqhed72s26cr4i64rxvrtofeqrly3j4vjzbkvo3ckkjbxjqtq", exp: "2031-01-01T00:00:00Z" }], "test");
    const before = await allLabels();

    const result = await rotateSigningKey({ actor: "tester" });
    expect(result).toMatchObject({ from: old.didKey, source: "database", resigned: before.length });
    expect(result.to).not.toBe(old.didKey);

    const after = await allLabels();
    expect(withoutSig(after)).toEqual(withoutSig(before)); // same labels, same cts, same seq
    for (const [i, label] of after.entries()) {
      const previous = before[i]!;
      expect(await verifies(previous, old.didKey)).toBe(true);
      expect(await verifies(previous, result.to)).toBe(false); // old signatures do not verify with the new key
      expect(await verifies(label, result.to)).toBe(true);
      expect(await verifies(label, old.didKey)).toBe(false);
    }

    const keys = await db().signingKey.findMany({ orderBy: { id: "asc" } });
    expect(keys.map((key) => [key.publicKey, Boolean(key.retiredAt)])).toEqual([
      [old.didKey, true],
      [result.to, false],
    ]);
    const audit = await db().auditEntry.findFirstOrThrow({ where: { action: "labeler.rotate_key" } });
    expect(audit).toMatchObject({ actor: "tester", detail: { from: old.didKey, to: result.to, resigned: before.length } });

    const identity = await labelerIdentity(); // the process cache was dropped
    expect(identity.didKey).toBe(result.to);
    const [fresh] = await createLabels([{ uri: post("after"), val: "spam" }], "test");
    expect(await verifies(fresh!, result.to)).toBe(true);
  });

  it("a process still holding the retired key notices under the write lock and signs with the new one", async () => {
    const stale = await labelerIdentity();
    const { to } = await rotateSigningKey({ actor: "other process" });
    // As if this process had loaded its key before another process rotated it.
    (globalThis as { __wardenLabeler?: Promise<LabelerIdentity> }).__wardenLabeler = Promise.resolve(stale);
    const [label] = await createLabels([{ uri: post("stale"), val: "spam" }], "test");
    expect(await verifies(label!, to)).toBe(true);
    expect((await labelerIdentity()).didKey).toBe(to);
  });

  it("with LABELER_SIGNING_KEY, rotates to a key given by the operator and never stores either secret", async () => {
    const [oldHex, nextHex] = [await newKeyHex(), await newKeyHex()];
    restoreEnv = setEnv({ LABELER_SIGNING_KEY: oldHex });
    const old = await labelerIdentity();
    await createLabels([{ uri: post("env-1"), val: "spam" }], "test");

    await expect(rotateSigningKey({ actor: "test" })).rejects.toThrow(/^key: LABELER_SIGNING_KEY is set/);
    await expect(rotateSigningKey({ actor: "test", newKeyHex: "zz" })).rejects.toThrow(/^key: must be 64 hex/);
    await expect(rotateSigningKey({ actor: "test", newKeyHex: oldHex })).rejects.toMatchObject({ code: "conflict" });

    const result = await rotateSigningKey({ actor: "test", newKeyHex: nextHex });
    expect(result).toMatchObject({ from: old.didKey, source: "environment" });
    for (const label of await allLabels()) expect(await verifies(label, result.to)).toBe(true);

    // Until it restarts with the new key, this process refuses to sign with the old one...
    await expect(createLabels([{ uri: post("env-2"), val: "spam" }], "test")).rejects.toMatchObject({
      code: "unavailable",
      message: expect.stringContaining("LABELER_SIGNING_KEY holds a key retired"),
    });
    // ...and announces the key the labels are now signed with.
    expect(await labelerPublicKey()).toMatchObject({ didKey: result.to, restartNeeded: true });

    restoreEnv();
    restoreEnv = setEnv({ LABELER_SIGNING_KEY: nextHex });
    const [label] = await createLabels([{ uri: post("env-2"), val: "spam" }], "test");
    expect(await verifies(label!, result.to)).toBe(true);
    expect(await labelerPublicKey()).toMatchObject({ didKey: result.to, restartNeeded: false });

    const secrets = JSON.stringify(await db().signingKey.findMany({ where: { publicKey: { in: [old.didKey, result.to] } } }));
    expect(secrets).not.toContain(oldHex);
    expect(secrets).not.toContain(nextHex);
    await expect(rotateSigningKey({ actor: "test", newKeyHex: oldHex })).rejects.toThrow(/used before/);
  });

  it("refuses to rotate from a key the stored labels are not signed with (a shell without the server's key)", async () => {
    restoreEnv = setEnv({ LABELER_SIGNING_KEY: await newKeyHex() });
    await createLabels([{ uri: post("wrong-shell"), val: "spam" }], "test");
    const before = await allLabels();
    restoreEnv();
    restoreEnv = setEnv({ LABELER_SIGNING_KEY: await newKeyHex() });
    await expect(rotateSigningKey({ actor: "test", newKeyHex: await newKeyHex() })).rejects.toMatchObject({
      code: "conflict",
      message: expect.stringContaining("not signed by this process's key"),
    });
    expect(await allLabels()).toEqual(before);
  });
});
