import type pg from "pg";
import type { AuditAction, LabelDetail } from "@/lib/audit/audit-actions";
import { Prisma } from "@/lib/db/generated/client";
import type { LabelerIdentity } from "./labeler-identity";
import type { SignedLabel } from "./sign-label";
import { RetiredKeyError } from "./signing-key-status";

/** Channel on which label writers announce new rows to every process's sequencer. */
export const LABELS_CHANNEL = "warden_labels";

// Label writers take this transaction-scoped advisory lock before drawing seq numbers,
// so rows commit in seq order and a reader of `seq > lastSeen` can never skip one
// (docs/decisions/005-label-sequencing.md).
const LABEL_WRITE_LOCK = 0x5741_4c42; // "WALB"

// Waiting for the write lock: leave room for other writers' groups and a rotation's final step.
// Through Prisma it is also the transaction's timeout, which the wait counts against.
export const LABEL_LOCK_WAIT_MS = 30_000;

export type LabelWrite = { label: SignedLabel; actor: string; reason: string | undefined };

/** Runs the one statement of a label group: in a caller's transaction, through Prisma, or on the pg pool. */
export type RunLabelStatement = (statement: Prisma.Sql) => Promise<{ seqs: string[] }[]>;

/** Takes the label write lock until the transaction ends. Every writer of labels (or their signatures) takes it first. */
export async function takeLabelWriteLock(tx: Prisma.TransactionClient): Promise<void> {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(${LABEL_WRITE_LOCK})`;
}

/** Through Prisma: the embedded database, and writes inside a caller's transaction. */
export const throughPrisma =
  (client: Pick<Prisma.TransactionClient, "$queryRaw">): RunLabelStatement =>
  (statement) =>
    client.$queryRaw<{ seqs: string[] }[]>(statement);

/** On the pg pool under Prisma, without Prisma's own cost per statement (decision 037). */
export const onPool =
  (pool: pg.Pool): RunLabelStatement =>
  async (statement) =>
    (await pool.query<{ seqs: string[] }>(statement.text, statement.values)).rows;

/**
 * Stores a group of signed labels with one statement, `append_labels` (decision 039): under
 * the write lock, inside PostgreSQL, it checks that the signing key was not retired
 * (rotations take the lock too, so none can commit meanwhile), draws the seqs in order,
 * appends the labels, moves the current state, records each in the audit log and notifies
 * the stream. Outside a transaction that statement is its own transaction, so the lock is
 * held for no round trip. Returns the seqs in input order.
 */
export async function storeLabels(run: RunLabelStatement, writes: LabelWrite[], identity: LabelerIdentity): Promise<bigint[]> {
  const signed = writes.map((write) => write.label);
  const actions: AuditAction[] = signed.map((label) => (label.neg ? "label.negate" : "label.emit"));
  const details = writes.map(({ label, reason }): Omit<LabelDetail, "seq"> => ({ val: label.val, ...(label.cid && { cid: label.cid }), ...(reason && { reason }) }));
  const [row] = await run(Prisma.sql`
    SELECT append_labels(${LABEL_WRITE_LOCK}::bigint, ${`${LABEL_LOCK_WAIT_MS}ms`}, ${LABELS_CHANNEL}, ${identity.didKey},
      ${signed.map((l) => l.src)}::text[], ${signed.map((l) => l.uri)}::text[], ${signed.map((l) => l.cid ?? "")}::text[],
      ${signed.map((l) => l.val)}::text[], ${signed.map((l) => l.neg === true)}::boolean[], ${signed.map((l) => l.cts)}::text[],
      ${signed.map((l) => l.exp ?? "")}::text[], ${signed.map((l) => Buffer.from(l.sig).toString("hex"))}::text[],
      ${writes.map((write) => write.actor)}::text[], ${actions}::text[], ${details.map((detail) => JSON.stringify(detail))}::text[]
    )::text[] AS seqs`);
  const seqs = row?.seqs ?? [];
  if (seqs.length === 0) throw new RetiredKeyError(identity);
  if (seqs.length !== writes.length) throw new Error(`append_labels returned ${seqs.length} seqs for ${writes.length} labels`);
  return seqs.map((seq) => BigInt(seq));
}
