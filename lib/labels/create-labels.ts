import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import type { LabelInput } from "./label-input";
import { labelerIdentity } from "./labeler-identity";
import { signLabel, unsignedLabel, type SignedLabel } from "./sign-label";

export type StoredLabel = SignedLabel & { seq: number };

export const MAX_LABELS_PER_BATCH = 1000;

/** Channel on which label writers announce new rows to every process's sequencer. */
export const LABELS_CHANNEL = "warden_labels";

// Label writers take this transaction-scoped advisory lock before drawing seq numbers,
// so rows commit in seq order and a reader of `seq > lastSeen` can never skip one
// (docs/decisions/005-label-sequencing.md).
const LABEL_WRITE_LOCK = 0x5741_4c42; // "WALB"

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
export async function createLabels(inputs: LabelInput[], actor: string, reason?: string): Promise<StoredLabel[]> {
  if (inputs.length === 0) return [];
  if (inputs.length > MAX_LABELS_PER_BATCH) {
    throw new AppError("invalid_request", `labels: at most ${MAX_LABELS_PER_BATCH} per request`);
  }
  const { did, keypair } = await labelerIdentity();
  const cts = nextCts();
  const signed = await Promise.all(
    inputs.map((input) =>
      signLabel(
        unsignedLabel({ ...input, src: did, cts, exp: input.exp && new Date(input.exp).toISOString() }),
        keypair,
      ),
    ),
  );

  const rows = await db().$transaction(async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(${LABEL_WRITE_LOCK})`;
    const created = await tx.label.createManyAndReturn({
      data: signed.map((label) => ({
        src: label.src,
        uri: label.uri,
        cid: label.cid ?? null,
        val: label.val,
        neg: label.neg ?? false,
        cts: new Date(label.cts),
        exp: label.exp ? new Date(label.exp) : null,
        sig: Buffer.from(label.sig),
      })),
      select: { seq: true },
    });
    const heads = latestPerKey(signed.map((label, i) => ({ label, seq: created[i]!.seq })));
    await tx.$executeRaw`
      INSERT INTO label_heads (src, uri, cid, val, seq)
      SELECT * FROM unnest(${heads.map((h) => h.label.src)}::text[], ${heads.map((h) => h.label.uri)}::text[],
                           ${heads.map((h) => h.label.cid ?? "")}::text[], ${heads.map((h) => h.label.val)}::text[],
                           ${heads.map((h) => h.seq.toString())}::bigint[])
      ON CONFLICT (src, uri, cid, val) DO UPDATE SET seq = excluded.seq`;
    await tx.auditEntry.createMany({
      data: signed.map((label, i) => ({
        actor,
        action: label.neg ? "label.negate" : "label.emit",
        subject: label.uri,
        detail: { seq: Number(created[i]!.seq), val: label.val, ...(label.cid && { cid: label.cid }), ...(reason && { reason }) },
      })),
    });
    await tx.$executeRaw`SELECT pg_notify(${LABELS_CHANNEL}, ${created.at(-1)!.seq.toString()})`;
    return created;
  });
  return signed.map((label, i) => ({ ...label, seq: Number(rows[i]!.seq) }));
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
