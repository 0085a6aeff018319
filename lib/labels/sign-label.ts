import { encode } from "@atproto/lex-cbor";
import { verifySignature, type Keypair } from "@atproto/crypto";
import type { SigningKeypair } from "./signing-keypair";

/**
 * A label as the protocol defines it (com.atproto.label.defs#label), without sig.
 * Optional fields are absent rather than false/null: they are signed that way.
 */
export type UnsignedLabel = {
  ver: 1;
  src: string;
  uri: string;
  cid?: string;
  val: string;
  neg?: true;
  cts: string;
  exp?: string;
};

export type SignedLabel = UnsignedLabel & { sig: Uint8Array };

/** Drops absent optional fields so that the encoding has no nulls and no `neg: false`. */
export function unsignedLabel(label: Omit<UnsignedLabel, "ver" | "neg"> & { neg?: boolean }): UnsignedLabel {
  return {
    ver: 1,
    src: label.src,
    uri: label.uri,
    ...(label.cid ? { cid: label.cid } : {}),
    val: label.val,
    ...(label.neg ? { neg: true as const } : {}),
    cts: label.cts,
    ...(label.exp ? { exp: label.exp } : {}),
  };
}

/** The bytes a label's signature covers: DAG-CBOR of the label without sig. */
export function labelSigningBytes(label: UnsignedLabel): Uint8Array {
  return encode(label);
}

/** Signs per the label spec: SHA-256 of the DAG-CBOR bytes, compact 64-byte low-S signature. */
export async function signLabel(label: UnsignedLabel, keypair: Keypair): Promise<SignedLabel> {
  return { ...label, sig: await keypair.sign(labelSigningBytes(label)) };
}

/** signLabel for many labels at once, the signatures computed off the event loop when there are enough. */
export async function signLabels(labels: UnsignedLabel[], keypair: SigningKeypair): Promise<SignedLabel[]> {
  const sigs = await keypair.signMany(labels.map(labelSigningBytes));
  return labels.map((label, i) => ({ ...label, sig: sigs[i]! }));
}

/** Verifies as a strict consumer does (no DER, no high-S). */
export async function verifyLabel(label: SignedLabel, didKey: string): Promise<boolean> {
  const { sig, ...unsigned } = label;
  return verifySignature(didKey, labelSigningBytes(unsigned), sig, { allowMalleableSig: false });
}
