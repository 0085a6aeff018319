import type pg from "pg";
import { auditInsert } from "@/lib/audit/record-audit";
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

/**
 * A label transaction as the store needs it: through Prisma (any database, and inside a
 * caller's transaction) or on one connection of the Postgres pool (decision 037).
 */
export type LabelTransaction = {
  /** Takes the write lock, then reads the retired signing keys and draws `count` seqs, in order. */
  lockAndDraw(count: number): Promise<{ retired: string[]; seqs: bigint[] }>;
  run(statement: Prisma.Sql): Promise<void>;
};

/** Takes the label write lock until the transaction ends. Every writer of labels (or their signatures) takes it first. */
export async function takeLabelWriteLock(tx: Prisma.TransactionClient): Promise<void> {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(${LABEL_WRITE_LOCK})`;
}

const RETIRED_KEYS_SQL = "SELECT public_key AS key FROM signing_keys WHERE retired_at IS NOT NULL";
const drawSeqsSql = (count: number) => {
  if (!Number.isSafeInteger(count) || count < 1) throw new Error(`cannot draw ${count} seqs`);
  return `SELECT nextval(pg_get_serial_sequence('labels', 'seq')) AS seq FROM generate_series(1, ${count})`;
};
const ascending = (seqs: bigint[]) => seqs.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));

/** The statements of a Prisma transaction (a caller's, or one of its own). */
export function prismaLabelTransaction(tx: Prisma.TransactionClient): LabelTransaction {
  return {
    async lockAndDraw(count) {
      await takeLabelWriteLock(tx);
      const retired = await tx.$queryRawUnsafe<{ key: string }[]>(RETIRED_KEYS_SQL);
      const seqs = await tx.$queryRawUnsafe<{ seq: bigint }[]>(drawSeqsSql(count));
      return { retired: retired.map((row) => row.key), seqs: ascending(seqs.map((row) => BigInt(row.seq))) };
    },
    run: async (statement) => void (await tx.$executeRaw(statement)),
  };
}

/**
 * Runs `work` in a transaction on a connection of Prisma's own pool, without Prisma: the
 * start, the lock, the retired keys and the seqs go in one round trip (a simple query of
 * several statements), the rows in a second, the commit in a third, where Prisma's
 * interactive transaction took five, each with Prisma's own cost on top.
 */
export async function inPostgresTransaction<T>(pool: pg.Pool, work: (tx: LabelTransaction) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    const result = await work({
      async lockAndDraw(count) {
        const results = (await client.query(
          `BEGIN; SET LOCAL lock_timeout = ${LABEL_LOCK_WAIT_MS}; SELECT pg_advisory_xact_lock(${LABEL_WRITE_LOCK}); ${RETIRED_KEYS_SQL}; ${drawSeqsSql(count)}`,
        )) as unknown as pg.QueryResult[];
        const [retired, seqs] = [results.at(-2)!.rows as { key: string }[], results.at(-1)!.rows as { seq: string }[]];
        return { retired: retired.map((row) => row.key), seqs: ascending(seqs.map((row) => BigInt(row.seq))) };
      },
      run: async (statement) => void (await client.query(statement.text, statement.values)),
    });
    await client.query("COMMIT");
    client.release();
    return result;
  } catch (error) {
    // Rolled back; a connection that cannot even do that is discarded.
    const broken = await client.query("ROLLBACK").then(() => undefined, (rollback: Error) => rollback);
    client.release(broken);
    throw error;
  }
}

/**
 * Under the write lock: draws the seqs (in order) and checks that the signing key was not
 * retired (rotations take the lock too, so none can commit meanwhile), then in one
 * statement appends the labels, moves the current state, records each in the audit log
 * and notifies the stream. Returns the seqs in input order.
 */
export async function storeLabels(tx: LabelTransaction, writes: LabelWrite[], identity: LabelerIdentity): Promise<bigint[]> {
  const { retired, seqs } = await tx.lockAndDraw(writes.length);
  if (retired.includes(identity.didKey)) throw new RetiredKeyError(identity);
  const signed = writes.map((write) => write.label);
  const heads = latestPerKey(signed.map((label, i) => ({ label, seq: seqs[i]! })));
  const audit = auditInsert(
    writes.map(({ label, actor, reason }, i) => ({
      actor,
      action: label.neg ? "label.negate" : "label.emit",
      subject: label.uri,
      detail: { seq: Number(seqs[i]), val: label.val, ...(label.cid && { cid: label.cid }), ...(reason && { reason }) },
    })),
  );
  // Timestamps are UTC ISO strings; Prisma's DateTime columns are UTC `timestamp(3)`.
  await tx.run(Prisma.sql`
    WITH appended AS (
      INSERT INTO labels (seq, src, uri, cid, val, neg, cts, exp, sig, created_at)
      SELECT t.seq, t.src, t.uri, NULLIF(t.cid, ''), t.val, t.neg, t.cts::timestamp(3), NULLIF(t.exp, '')::timestamp(3),
             decode(t.sig, 'hex'), now() AT TIME ZONE 'UTC'
      FROM unnest(${seqs.map(String)}::bigint[], ${signed.map((l) => l.src)}::text[], ${signed.map((l) => l.uri)}::text[],
                  ${signed.map((l) => l.cid ?? "")}::text[], ${signed.map((l) => l.val)}::text[],
                  ${signed.map((l) => l.neg === true)}::boolean[], ${signed.map((l) => l.cts)}::text[],
                  ${signed.map((l) => l.exp ?? "")}::text[], ${signed.map((l) => Buffer.from(l.sig).toString("hex"))}::text[])
        AS t(seq, src, uri, cid, val, neg, cts, exp, sig)
    ), heads AS (
      INSERT INTO label_heads (src, uri, cid, val, seq)
      SELECT * FROM unnest(${heads.map((h) => h.label.src)}::text[], ${heads.map((h) => h.label.uri)}::text[],
                           ${heads.map((h) => h.label.cid ?? "")}::text[], ${heads.map((h) => h.label.val)}::text[],
                           ${heads.map((h) => h.seq.toString())}::bigint[])
      ON CONFLICT (src, uri, cid, val) DO UPDATE SET seq = excluded.seq
    ), audit AS (${audit})
    SELECT pg_notify(${LABELS_CHANNEL}, ${seqs.at(-1)!.toString()})`);
  return seqs;
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
