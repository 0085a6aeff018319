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
  // Built field by field, in the signed order (unsignedLabel's): a rest spread followed by
  // `delete` turned every label into a dictionary-mode object, which JSON.stringify writes
  // two to three times slower, and a full queryLabels page is 250 of them.
  const json: Partial<LabelJson> = { ver: label.ver, src: label.src, uri: label.uri };
  if (label.cid !== undefined) json.cid = label.cid;
  json.val = label.val;
  if (label.neg) json.neg = true;
  json.cts = label.cts;
  if (label.exp !== undefined) json.exp = label.exp;
  // The data model encodes bytes as standard base64 without padding.
  const sig = label.sig;
  json.sig = { $bytes: Buffer.from(sig.buffer, sig.byteOffset, sig.byteLength).toString("base64").replace(/=+$/, "") };
  return json as LabelJson;
}
