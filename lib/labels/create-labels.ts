import { databasePool, db } from "@/lib/db";
import type { Prisma } from "@/lib/db/generated/client";
import { AppError } from "@/lib/errors";
import { assertLabelValuesDefined } from "./definitions/assert-label-values";
import { MAX_LABELS_PER_BATCH, type LabelInput } from "./label-input";
import { noteCommitted } from "./memory/local-writes";
import type { StoredLabel } from "./label-codec";
import { GroupCommitter } from "./label-commits";
import { forgetLabelerIdentity, labelerIdentity, type LabelerIdentity } from "./labeler-identity";
import { signLabels, unsignedLabel } from "./sign-label";
import { RetiredKeyError } from "./signing-key-status";
import { LABEL_LOCK_WAIT_MS, onPool, storeLabels, takeLabelWriteLock, throughPrisma, type LabelWrite } from "./store-labels";

export { MAX_LABELS_PER_BATCH };
export { LABELS_CHANNEL, takeLabelWriteLock } from "./store-labels";
/** The notice a key rotation sends on that channel: every stored signature changed. */
export const RESIGNED_NOTICE = "resigned";

export type CreateLabelsOptions = {
  /** Runs under the write lock before anything is written (e.g. "that label is still active"); throw to abort. */
  check?: (tx: Prisma.TransactionClient) => Promise<void>;
};

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
        return storeLabels(throughPrisma(tx), items, identity);
      }, { timeout: LABEL_LOCK_WAIT_MS })
    : await labelCommits().commit({ items, key: identity });
  const stored = signed.map((label, i) => ({ ...label, seq: Number(seqs[i]) }));
  noteCommitted(stored);
  return stored;
}

// On globalThis: the custom server and Next's bundle are separate module graphs in one process.
const globals = globalThis as typeof globalThis & { __wardenLabelCommits?: GroupCommitter<LabelWrite> };

/**
 * The process's group committer: the writes of one group share a signing key (the
 * group's key), and a group is one statement (decision 039), on the pg pool when the
 * database is Postgres. One group at a time: two at once (the second waiting for the
 * lock inside PostgreSQL) made smaller groups and fewer labels a second (decision 039).
 */
function labelCommits(): GroupCommitter<LabelWrite> {
  return (globals.__wardenLabelCommits ??= new GroupCommitter<LabelWrite>((items, requests) => {
    const pool = databasePool();
    return storeLabels(pool ? onPool(pool) : throughPrisma(db()), items, requests[0]!.key as LabelerIdentity);
  }, MAX_LABELS_PER_BATCH));
}
