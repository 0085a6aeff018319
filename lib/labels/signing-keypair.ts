import { createHash } from "node:crypto";
import { Secp256k1Keypair, type ExportableKeypair } from "@atproto/crypto";
import { sign as signInWasm } from "tiny-secp256k1";
import { projectRequire, runSplit, threadPool } from "@/lib/thread-pool";

const sha256 = (message: Uint8Array) => createHash("sha256").update(message).digest();

type EcdsaSign = (hash: Uint8Array, privateKey: Uint8Array) => Uint8Array;

/**
 * libsecp256k1 signs: natively (the `secp256k1` addon's prebuilt binary, ~80 µs a
 * signature here) or, where no prebuilt binary loads, in WASM (tiny-secp256k1, ~250 µs).
 * Both give byte for byte @atproto/crypto's RFC 6979, low-S, compact signatures (~800 µs in
 * JS). The addon's own fallback, elliptic, is bypassed by loading its bindings directly.
 */
export const ecdsaSigner: { kind: "native" | "wasm"; sign: EcdsaSign } = (() => {
  try {
    const native = projectRequire()("secp256k1/bindings") as typeof import("secp256k1");
    return { kind: "native", sign: (hash, privateKey) => native.ecdsaSign(hash, privateKey).signature };
  } catch {
    return { kind: "wasm", sign: signInWasm };
  }
})();

// The same choice in each signing thread.
const SIGN_IN_THREAD = `(() => {
  let sign;
  try {
    const native = require(workerData.native);
    sign = (hash, key) => native.ecdsaSign(hash, key).signature;
  } catch {
    sign = require(workerData.wasm).sign;
  }
  return ({ hashes, key }) => Array.from({ length: hashes.length / 32 }, (_, i) => sign(hashes.subarray(i * 32, i * 32 + 32), key));
})()`;

const signingThreads = () =>
  threadPool<{ hashes: Uint8Array; key: Uint8Array }, Uint8Array[]>("label-sign", SIGN_IN_THREAD, () => ({
    native: projectRequire().resolve("secp256k1/bindings"),
    wasm: projectRequire().resolve("tiny-secp256k1"),
  }));

/** Below this many signatures, a thread's round trip costs more than it saves. */
const THREADED_FROM = 16;

/**
 * The labeler's secp256k1 key. Signing bounds emission throughput and the time a
 * rotation takes to re-sign every label, so it goes through libsecp256k1 (above);
 * @atproto/crypto still parses the key and formats the did:key.
 */
export class SigningKeypair implements ExportableKeypair {
  readonly jwtAlg = "ES256K";

  private constructor(
    private readonly keypair: Secp256k1Keypair,
    private readonly privateKey: Uint8Array,
  ) {}

  /** From 64 hex characters; rejects a value that is not a valid secp256k1 private key. */
  static async import(hex: string): Promise<SigningKeypair> {
    const keypair = await Secp256k1Keypair.import(hex.toLowerCase(), { exportable: true });
    return new SigningKeypair(keypair, await keypair.export());
  }

  static async create(): Promise<SigningKeypair> {
    const keypair = await Secp256k1Keypair.create({ exportable: true });
    return new SigningKeypair(keypair, await keypair.export());
  }

  did(): string {
    return this.keypair.did();
  }

  async sign(message: Uint8Array): Promise<Uint8Array> {
    return ecdsaSigner.sign(sha256(message), this.privateKey);
  }

  /**
   * Signs each message, a large batch split over worker threads: signing is most of
   * the CPU an emission costs, and off the event loop it overlaps with other requests.
   */
  async signMany(messages: Uint8Array[]): Promise<Uint8Array[]> {
    const hashes = messages.map(sha256);
    const here = (chunk: Uint8Array[]) => chunk.map((hash) => ecdsaSigner.sign(hash, this.privateKey));
    if (hashes.length < THREADED_FROM) return here(hashes);
    // One buffer of hashes per thread: a small Buffer is a view into an 8 KB pool, which
    // postMessage would copy whole for each hash.
    return runSplit(signingThreads(), hashes, here, (chunk) => ({ hashes: Buffer.concat(chunk), key: this.privateKey }));
  }

  async export(): Promise<Uint8Array> {
    return this.privateKey.slice();
  }

  /** The private key as stored in signing_keys (never printed). */
  async exportHex(): Promise<string> {
    return Buffer.from(this.privateKey).toString("hex");
  }
}
