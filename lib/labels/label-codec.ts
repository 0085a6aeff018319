import type { Label as LabelRow } from "@/lib/db/generated/client";
import { unsignedLabel, type SignedLabel } from "./sign-label";

/** A signed label as stored, with its place in the stream. */
export type StoredLabel = SignedLabel & { seq: number };

/** A stored row as the protocol's label, exactly as it was signed. */
export function labelFromRow(row: Pick<LabelRow, "seq" | "src" | "uri" | "cid" | "val" | "neg" | "cts" | "exp" | "sig">): StoredLabel {
  return {
    ...unsignedLabel({
      src: row.src,
      uri: row.uri,
      cid: row.cid ?? undefined,
      val: row.val,
      neg: row.neg,
      cts: row.cts.toISOString(),
      exp: row.exp?.toISOString(),
    }),
    sig: new Uint8Array(row.sig),
    seq: Number(row.seq),
  };
}

export type LabelJson = Omit<SignedLabel, "sig"> & { sig: { $bytes: string } };

/** The JSON form (atproto data model): bytes as `{"$bytes": base64}`, no seq. */
export function labelToJson(label: SignedLabel): LabelJson {
  const { sig, ...rest } = label as SignedLabel & { seq?: number };
  delete (rest as { seq?: number }).seq;
  // The data model encodes bytes as standard base64 without padding.
  return { ...rest, sig: { $bytes: Buffer.from(sig).toString("base64").replace(/=+$/, "") } };
}
