import { AtUri, ensureValidAtUri, isValidDid } from "@atproto/syntax";
import { z } from "zod";
import { MAX_SUBJECT_BYTES } from "@/lib/labels/label-input";

export const REPO_REF = "com.atproto.admin.defs#repoRef";
export const STRONG_REF = "com.atproto.repo.strongRef";

export type RepoRef = { $type: typeof REPO_REF; did: string };
export type StrongRef = { $type: typeof STRONG_REF; uri: string; cid: string };
export type NostrEventRef = { nostrEvent: string };
export type NostrPubkeyRef = { nostrPubkey: string };
/** A reported subject as the reporter gave it: atproto refs keep their lexicon $type. */
export type SubjectRef = RepoRef | StrongRef | NostrEventRef | NostrPubkeyRef;

export type SubjectKind = "account" | "record" | "nostr_event" | "nostr_pubkey";

function isRecordUri(uri: string): boolean {
  try {
    ensureValidAtUri(uri);
    const parsed = new AtUri(uri);
    return parsed.host.startsWith("did:") && isValidDid(parsed.host) && parsed.collection !== "" && parsed.rkey !== "";
  } catch {
    return false;
  }
}

const did = z.string().max(MAX_SUBJECT_BYTES, `must be at most ${MAX_SUBJECT_BYTES} bytes`).refine(isValidDid, "must be a DID");
const recordUri = z
  .string()
  .refine((uri) => Buffer.byteLength(uri, "utf8") <= MAX_SUBJECT_BYTES, `must be at most ${MAX_SUBJECT_BYTES} bytes`)
  .refine(isRecordUri, "must be the at:// URI of a record (at://DID/collection/rkey)");
const cid = z.string().max(128, "must be at most 128 characters").regex(/^b[a-z2-7]{58,}$/, "must be a CIDv1 in base32");
const hex64 = z.string().regex(/^[0-9a-f]{64}$/, "must be 64 lowercase hex characters");

const repoRef = (type: z.ZodType<typeof REPO_REF | undefined>) =>
  z.object({ $type: type, did }).transform((ref): RepoRef => ({ $type: REPO_REF, did: ref.did }));
const strongRef = (type: z.ZodType<typeof STRONG_REF | undefined>) =>
  z.object({ $type: type, uri: recordUri, cid }).transform((ref): StrongRef => ({ $type: STRONG_REF, uri: ref.uri, cid: ref.cid }));

/** createReport's subject: the lexicon's open union, of which a labeler takes these two members. */
export const atprotoSubjectSchema = z.unknown().transform((value, ctx): RepoRef | StrongRef => {
  const type = (value as { $type?: unknown } | null)?.$type;
  const schema = type === REPO_REF ? repoRef(z.literal(REPO_REF)) : type === STRONG_REF ? strongRef(z.literal(STRONG_REF)) : null;
  if (!schema) {
    ctx.addIssue({ code: "custom", message: `Invalid subject: $type must be ${REPO_REF} or ${STRONG_REF}` });
    return z.NEVER;
  }
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  for (const issue of result.error.issues) ctx.addIssue({ ...issue, code: "custom", message: issue.message } as never);
  return z.NEVER;
});

/** POST /api/reports: the same refs ($type optional), a Nostr event id or a Nostr pubkey. */
export const serviceSubjectSchema = z.union(
  [
    repoRef(z.literal(REPO_REF).optional()).pipe(z.custom<RepoRef>()),
    strongRef(z.literal(STRONG_REF).optional()).pipe(z.custom<StrongRef>()),
    z.object({ nostrEvent: hex64 }).strict(),
    z.object({ nostrPubkey: hex64 }).strict(),
  ],
  { error: "must be {did}, {uri, cid}, {nostrEvent: id} or {nostrPubkey: hex}" },
);

export type SubjectIdentity = { key: string; kind: SubjectKind; author: string | null; collection: string | null };

/** What groups reports: one row per account, per record (whatever its cid), per Nostr event or pubkey. */
export function identify(ref: SubjectRef, nostrEventAuthor: string | null = null): SubjectIdentity {
  if ("nostrEvent" in ref) return { key: `nostr:event:${ref.nostrEvent}`, kind: "nostr_event", author: nostrEventAuthor, collection: null };
  if ("nostrPubkey" in ref) return { key: `nostr:pubkey:${ref.nostrPubkey}`, kind: "nostr_pubkey", author: ref.nostrPubkey, collection: null };
  if (ref.$type === REPO_REF) return { key: ref.did, kind: "account", author: ref.did, collection: null };
  const uri = new AtUri(ref.uri);
  return { key: ref.uri, kind: "record", author: uri.host, collection: uri.collection };
}
