import { randomBytes } from "node:crypto";
import { Secp256k1Keypair, verifySignature } from "@atproto/crypto";
import { describe, expect, it } from "vitest";
import { SigningKeypair } from "@/lib/labels/signing-keypair";

describe("SigningKeypair", () => {
  it("signs byte for byte as @atproto/crypto does (RFC 6979, low-S, compact), and verifies strictly", async () => {
    const reference = await Secp256k1Keypair.create({ exportable: true });
    const hex = Buffer.from(await reference.export()).toString("hex");
    const fast = await SigningKeypair.import(hex.toUpperCase());
    expect(fast.did()).toBe(reference.did());
    expect(await fast.exportHex()).toBe(hex);
    for (let i = 0; i < 200; i++) {
      const message = randomBytes(1 + (i % 300));
      const signature = await fast.sign(message);
      expect(Buffer.from(signature).equals(Buffer.from(await reference.sign(message)))).toBe(true);
      expect(await verifySignature(fast.did(), message, signature, { allowMalleableSig: false })).toBe(true);
    }
  });

  it("refuses a value that is not a secp256k1 private key", async () => {
    await expect(SigningKeypair.import("00".repeat(32))).rejects.toThrow();
    await expect(SigningKeypair.import("ff".repeat(32))).rejects.toThrow();
  });
});
