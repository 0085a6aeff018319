import { randomBytes } from "node:crypto";
import { Secp256k1Keypair, verifySignature } from "@atproto/crypto";
import { describe, expect, it } from "vitest";
import { sign as signInWasm } from "tiny-secp256k1";
import { ecdsaSigner, SigningKeypair } from "@/lib/labels/signing-keypair";

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

  it("signs natively here, and the WASM fallback gives the same bytes", async () => {
    // The addon's prebuilt binary for this platform loads (no elliptic, no WASM in production here).
    expect(ecdsaSigner.kind).toBe("native");
    for (let i = 0; i < 100; i++) {
      const hash = randomBytes(32);
      const privateKey = await (await Secp256k1Keypair.create({ exportable: true })).export();
      expect(Buffer.from(ecdsaSigner.sign(hash, privateKey)).equals(Buffer.from(signInWasm(hash, privateKey)))).toBe(true);
    }
  });

  it("signs a large batch in worker threads with the same bytes as one by one", async () => {
    const keypair = await SigningKeypair.create();
    const messages = Array.from({ length: 150 }, (_, i) => randomBytes(20 + i));
    const many = await keypair.signMany(messages);
    expect(many).toHaveLength(150);
    for (const [i, message] of messages.entries()) {
      expect(Buffer.from(many[i]!).equals(Buffer.from(await keypair.sign(message)))).toBe(true);
    }
  });

  it("refuses a value that is not a secp256k1 private key", async () => {
    await expect(SigningKeypair.import("00".repeat(32))).rejects.toThrow();
    await expect(SigningKeypair.import("ff".repeat(32))).rejects.toThrow();
  });
});
