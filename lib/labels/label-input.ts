import { isValidDatetime, isValidDid, ensureValidAtUri } from "@atproto/syntax";
import { z } from "zod";

const MAX_VAL_BYTES = 128;
/**
 * A subject is a key of PostgreSQL btree indexes (labels by uri, label_heads' key with
 * src, cid and val), whose entries must fit in 2,704 bytes: a longer one fails the
 * insert. Room for any DID (at most 2 KB by the DID spec); real at:// URIs take ~100.
 */
export const MAX_SUBJECT_BYTES = 2048;
/** A CIDv1 in base32 of a SHA-512 digest takes 110 characters; the index holds it too. */
const MAX_CID_LENGTH = 128;

/** Labels per emission transaction (and per HTTP request). */
export const MAX_LABELS_PER_BATCH = 1000;

function isLabelSubject(uri: string): boolean {
  if (uri.startsWith("did:")) return isValidDid(uri);
  if (!uri.startsWith("at://")) return false;
  try {
    ensureValidAtUri(uri);
    return true;
  } catch {
    return false;
  }
}

/** What a caller asks to emit. The labeler adds src, cts, ver and sig. */
export const labelInputSchema = z.object({
  uri: z
    .string()
    .refine((uri) => Buffer.byteLength(uri, "utf8") <= MAX_SUBJECT_BYTES, `must be at most ${MAX_SUBJECT_BYTES} bytes`)
    .refine(isLabelSubject, "must be an at:// URI or a did: DID"),
  cid: z
    .string()
    .max(MAX_CID_LENGTH, `must be at most ${MAX_CID_LENGTH} characters`)
    .regex(/^b[a-z2-7]{58,}$/, "must be a CIDv1 in base32")
    .optional(),
  val: z
    .string()
    .refine((val) => Buffer.byteLength(val, "utf8") <= MAX_VAL_BYTES, `must be at most ${MAX_VAL_BYTES} bytes`)
    .regex(/^(!?[a-z][a-z0-9]*(-[a-z0-9]+)*)$/, "must be lowercase kebab-case (or !-prefixed for system values)"),
  neg: z.boolean().optional(),
  exp: z
    .string()
    .refine(isValidDatetime, "must be a datetime with a timezone, e.g. 2027-01-01T00:00:00.000Z")
    .optional(),
});

export type LabelInput = z.infer<typeof labelInputSchema>;

/** `POST /api/labels`: a batch emitted in one transaction, with one reason for the audit log. */
export const createLabelsBodySchema = z.object({
  labels: z
    .array(labelInputSchema)
    .min(1, "must contain at least one label")
    .max(MAX_LABELS_PER_BATCH, `must contain at most ${MAX_LABELS_PER_BATCH} labels`),
  reason: z.string().trim().min(1).max(2000, "must be at most 2000 characters").optional(),
});

export type CreateLabelsBody = z.infer<typeof createLabelsBodySchema>;
