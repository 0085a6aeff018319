// The createReport JWT signature check with libsecp256k1 against @atproto/xrpc-server's
// own check (@atproto/crypto): the same verdict on valid, high-S, tampered, foreign and
// malformed signatures, for secp256k1 and P-256 keys.
import { P256Keypair, Secp256k1Keypair, type Keypair } from "@atproto/crypto";
import { cryptoVerifySignatureWithKey } from "@atproto/xrpc-server";
import { describe, expect, it } from "vitest";
import { verifyJwtSignature } from "@/lib/reports/jwt-signature";

// The order of secp256k1's group: n - s is the high-S twin of a signature.
const N = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n;
const toHex = (bytes: Uint8Array) => Buffer.from(bytes).toString("hex");
function highS(signature: Uint8Array): Uint8Array {
  const s = BigInt(`0x${toHex(signature.subarray(32))}`);
  return Uint8Array.from([...signature.subarray(0, 32), ...Buffer.from((N - s).toString(16).padStart(64, "0"), "hex")]);
}

async function verdicts(key: string, message: Uint8Array, signature: Uint8Array, alg: string) {
  const settle = (check: typeof verifyJwtSignature) => check(key, message, signature, alg).then((ok) => ok, () => "throws");
  return { ours: await settle(verifyJwtSignature), reference: await settle(cryptoVerifySignatureWithKey) };
}

describe("verifyJwtSignature", () => {
  const message = new TextEncoder().encode("eyJhbGciOiJFUzI1NksifQ.eyJpc3MiOiJkaWQ6cGxjOmFiYyJ9");

  it("gives @atproto/crypto's verdict on secp256k1 signatures, including their high-S twins", async () => {
    const keypair = await Secp256k1Keypair.create();
    const other = await Secp256k1Keypair.create();
    const signature = await keypair.sign(message);
    const tampered = Uint8Array.from(message, (byte, i) => (i === 3 ? byte ^ 1 : byte));
    const cases: [string, string, Uint8Array, Uint8Array, boolean | "throws"][] = [
      ["valid", keypair.did(), message, signature, true],
      ["high-S", keypair.did(), message, highS(signature), true],
      ["tampered message", keypair.did(), tampered, signature, false],
      ["another key", other.did(), message, signature, false],
      ["r = 0", keypair.did(), message, Uint8Array.from([...new Uint8Array(32), ...signature.subarray(32)]), false],
      ["s out of range", keypair.did(), message, Uint8Array.from([...signature.subarray(0, 32), ...new Uint8Array(32).fill(0xff)]), false],
      ["63 bytes", keypair.did(), message, signature.subarray(1), false],
    ];
    for (const [name, key, data, sig, expected] of cases) {
      const { ours, reference } = await verdicts(key, data, sig, "ES256K");
      expect({ name, ours }).toEqual({ name, ours: reference });
      expect({ name, ours }).toEqual({ name, ours: expected });
    }
  });

  it("leaves P-256 keys and an alg that is not the key's to xrpc-server's check", async () => {
    const p256: Keypair = await P256Keypair.create();
    const k256 = await Secp256k1Keypair.create();
    expect(await verdicts(p256.did(), message, await p256.sign(message), "ES256")).toEqual({ ours: true, reference: true });
    expect(await verdicts(k256.did(), message, await k256.sign(message), "ES256")).toEqual({ ours: "throws", reference: "throws" });
    expect(await verdicts(p256.did(), message, await p256.sign(message), "ES256K")).toEqual({ ours: "throws", reference: "throws" });
  });
});
