import { auditInsert } from "@/lib/audit/record-audit";
import { db } from "@/lib/db";
import type { Prisma } from "@/lib/db/generated/client";
import { AppError } from "@/lib/errors";
import { assertLabelValuesDefined } from "./definitions/assert-label-values";
import { MAX_LABELS_PER_BATCH, type LabelInput } from "./label-input";
import { insertLabelRows } from "./insert-label-rows";
import { noteCommittedSeq } from "./memory/local-writes";
import type { StoredLabel } from "./label-codec";
import { GroupCommitter } from "./label-commits";
import { forgetLabelerIdentity, labelerIdentity, type LabelerIdentity } from "./labeler-identity";
import { signLabels, unsignedLabel, type SignedLabel } from "./sign-label";
import { RetiredKeyError } from "./signing-key-status";

export { MAX_LABELS_PER_BATCH };

/** Channel on which label writers announce new rows to every process's sequencer. */
export const LABELS_CHANNEL = "warden_labels";
/** The notice a key rotation sends on that channel: every stored signature changed. */
export const RESIGNED_NOTICE = "resigned";

// Label writers take this transaction-scoped advisory lock before drawing seq numbers,
// so rows commit in seq order and a reader of `seq > lastSeen` can never skip one
// (docs/decisions/005-label-sequencing.md).
const LABEL_WRITE_LOCK = 0x5741_4c42; // "WALB"

/** Takes the label write lock until the transaction ends. Every writer of labels (or their signatures) takes it first. */
export async function takeLabelWriteLock(tx: Prisma.TransactionClient): Promise<void> {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(${LABEL_WRITE_LOCK})`;
}

export type CreateLabelsOptions = {
  /** Runs under the write lock before anything is written (e.g. "that label is still active"); throw to abort. */
  check?: (tx: Prisma.TransactionClient) => Promise<void>;
};

// Waiting for the write lock counts against Prisma's transaction timeout (5 s by
// default): leave room for other writers' batches and a rotation's final step.
const TRANSACTION_TIMEOUT_MS = 30_000;

let lastCts = 0;

/** Batch timestamps never go backwards in this process, so a negation is always later. */
function nextCts(): string {
  lastCts = Math.max(Date.now(), lastCts + 1);
  return new Date(lastCts).toISOString();
}

/**
 * Signs and stores labels in one transaction, records them in the audit log and wakes
 * the stream. Returns them with their seq, in input order.
 */
export async function createLabels(
  inputs: LabelInput[],
  actor: string,
  reason?: string,
  options: CreateLabelsOptions = {},
): Promise<StoredLabel[]> {
  if (inputs.length === 0) return [];
  if (inputs.length > MAX_LABELS_PER_BATCH) {
    throw new AppError("invalid_request", `labels: at most ${MAX_LABELS_PER_BATCH} per request`);
  }
  await assertLabelValuesDefined(inputs);
  try {
    return await signAndStore(await labelerIdentity(), inputs, actor, reason, options);
  } catch (error) {
    // Another process rotated the database key since this one loaded it: load the new one and sign again.
    if (!(error instanceof RetiredKeyError) || error.identity.source !== "database") throw error;
    forgetLabelerIdentity();
    return signAndStore(await labelerIdentity(), inputs, actor, reason, options);
  }
}

async function signAndStore(
  identity: LabelerIdentity,
  inputs: LabelInput[],
  actor: string,
  reason: string | undefined,
  { check }: CreateLabelsOptions,
): Promise<StoredLabel[]> {
  const { did, keypair } = identity;
  const cts = nextCts();
  const signed = await signLabels(
    inputs.map((input) => unsignedLabel({ ...input, src: did, cts, exp: input.exp && new Date(input.exp).toISOString() })),
    keypair,
  );
  const items = signed.map((label) => ({ label, actor, reason }));
  // A write with a check runs alone (the check may write, and decides for its labels
  // only); the others share a transaction with the writes waiting beside them.
  const seqs = check
    ? await db().$transaction(async (tx) => {
        await takeLabelWriteLock(tx);
        await check(tx);
        return storeLabels(tx, items, identity);
      }, { timeout: TRANSACTION_TIMEOUT_MS })
    : await labelCommits().commit({ items, key: identity });
  noteCommittedSeq(Number(seqs.at(-1)));
  return signed.map((label, i) => ({ ...label, seq: Number(seqs[i]) }));
}

type LabelWrite = { label: SignedLabel; actor: string; reason: string | undefined };

// On globalThis: the custom server and Next's bundle are separate module graphs in one process.
const globals = globalThis as typeof globalThis & { __wardenLabelCommits?: GroupCommitter<LabelWrite> };

/** The process's group committer: the writes of one transaction share a signing key (the group's key). */
function labelCommits(): GroupCommitter<LabelWrite> {
  return (globals.__wardenLabelCommits ??= new GroupCommitter<LabelWrite>(
    (items, requests) =>
      db().$transaction(async (tx) => {
        await takeLabelWriteLock(tx);
        return storeLabels(tx, items, requests[0]!.key as LabelerIdentity);
      }, { timeout: TRANSACTION_TIMEOUT_MS }),
    MAX_LABELS_PER_BATCH,
  ));
}

/**
 * Under the write lock: appends the labels (drawing their seqs, in order), then in one
 * more statement moves the current state, records each in the audit log, notifies the
 * stream and checks that the signing key was not retired (the lock is held, so no
 * rotation can commit meanwhile; a retired key rolls it all back). Two round trips
 * whatever the batch: writers wait on this lock. Returns the seqs.
 */
async function storeLabels(tx: Prisma.TransactionClient, writes: LabelWrite[], identity: LabelerIdentity): Promise<bigint[]> {
  const signed = writes.map((write) => write.label);
  const drawn = await insertLabelRows(tx, signed);
  const heads = latestPerKey(signed.map((label, i) => ({ label, seq: drawn[i]! })));
  const audit = auditInsert(
    writes.map(({ label, actor, reason }, i) => ({
      actor,
      action: label.neg ? "label.negate" : "label.emit",
      subject: label.uri,
      detail: { seq: Number(drawn[i]), val: label.val, ...(label.cid && { cid: label.cid }), ...(reason && { reason }) },
    })),
  );
  const [{ retired }] = await tx.$queryRaw<[{ retired: boolean }]>`
    WITH heads AS (
      INSERT INTO label_heads (src, uri, cid, val, seq)
      SELECT * FROM unnest(${heads.map((h) => h.label.src)}::text[], ${heads.map((h) => h.label.uri)}::text[],
                           ${heads.map((h) => h.label.cid ?? "")}::text[], ${heads.map((h) => h.label.val)}::text[],
                           ${heads.map((h) => h.seq.toString())}::bigint[])
      ON CONFLICT (src, uri, cid, val) DO UPDATE SET seq = excluded.seq
    ), audit AS (${audit})
    SELECT EXISTS (SELECT 1 FROM signing_keys WHERE public_key = ${identity.didKey} AND retired_at IS NOT NULL) AS retired
    FROM (SELECT pg_notify(${LABELS_CHANNEL}, ${drawn.at(-1)!.toString()})) AS notified`;
  if (retired) throw new RetiredKeyError(identity);
  return drawn;
}

/** One row per (src, uri, cid, val): a batch may name the same label twice; the last wins. */
function latestPerKey<T extends { label: SignedLabel; seq: bigint }>(entries: T[]): T[] {
  const byKey = new Map<string, T>();
  for (const entry of entries) {
    const { src, uri, cid, val } = entry.label;
    byKey.set(JSON.stringify([src, uri, cid ?? "", val]), entry);
  }
  return [...byKey.values()];
}
