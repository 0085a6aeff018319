import { createHash } from "node:crypto";
import { Secp256k1Keypair, type ExportableKeypair } from "@atproto/crypto";
import { sign } from "tiny-secp256k1";

/**
 * The labeler's secp256k1 key. It signs with libsecp256k1 (tiny-secp256k1, WASM):
 * byte for byte the same RFC 6979, low-S, compact signatures as @atproto/crypto, but
 * about 2.7x faster, which bounds emission throughput and the time a rotation takes
 * to re-sign every label. @atproto/crypto still parses the key and formats the did:key.
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
    return sign(createHash("sha256").update(message).digest(), this.privateKey);
  }

  async export(): Promise<Uint8Array> {
    return this.privateKey.slice();
  }

  /** The private key as stored in signing_keys (never printed). */
  async exportHex(): Promise<string> {
    return Buffer.from(this.privateKey).toString("hex");
  }
}
