import { createHash } from "node:crypto";
import { parseDidKey, SECP256K1_JWT_ALG } from "@atproto/crypto";
import { cryptoVerifySignatureWithKey, type VerifySignatureWithKeyFn } from "@atproto/xrpc-server";
import { projectRequire } from "@/lib/thread-pool";

type Libsecp256k1 = typeof import("secp256k1");

// The `secp256k1` addon's prebuilt binary, as the label signer loads it (null where none loads).
const native: Libsecp256k1 | null = (() => {
  try {
    return projectRequire()("secp256k1/bindings") as Libsecp256k1;
  } catch {
    return null;
  }
})();

/**
 * A service JWT's signature, checked as @atproto/xrpc-server checks it (the token's alg
 * must be its key's, high-S signatures pass), but with libsecp256k1 for the usual case, a
 * compact ES256K signature: @atproto/crypto's JavaScript took ~5 ms of the event loop per
 * createReport here. Anything else (ES256 keys, other encodings, no addon) goes to
 * xrpc-server's own check.
 */
export const verifyJwtSignature: VerifySignatureWithKeyFn = async (key, message, signature, alg) => {
  const parsed = parseDidKey(key);
  if (!native || parsed.jwtAlg !== SECP256K1_JWT_ALG || alg !== SECP256K1_JWT_ALG || signature.length !== 64) {
    return cryptoVerifySignatureWithKey(key, message, signature, alg);
  }
  const hash = createHash("sha256").update(message).digest();
  try {
    // libsecp256k1 accepts only low-S signatures: normalise a copy first, as the malleable check allows both.
    return native.ecdsaVerify(native.signatureNormalize(Uint8Array.from(signature)), hash, parsed.keyBytes);
  } catch {
    return false; // r or s out of range, or a key off the curve
  }
};
