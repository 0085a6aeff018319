import { recordAudit } from "@/lib/audit/record-audit";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { LABELS_CHANNEL, RESIGNED_NOTICE, takeLabelWriteLock } from "./create-labels";
import { noteRotation } from "./memory/local-writes";
import { forgetLabelerIdentity, labelerIdentity, type KeySource } from "./labeler-identity";
import { resignLabels, writeSignatures } from "./resign-labels";
import { SigningKeypair } from "./signing-keypair";
import { assertKeyCurrent, newestLabelVerifies } from "./signing-key-status";

export type RotateKeyInput = {
  actor: string;
  /** The new private key (64 hex characters). Required when the key lives in LABELER_SIGNING_KEY. */
  newKeyHex?: string;
};

export type RotationResult = { did: string; from: string; to: string; source: KeySource; resigned: number };

// Writing 100k signatures takes a while; the write lock is held only at the end.
const TRANSACTION_TIMEOUT_MS = 10 * 60_000;

/**
 * Replaces the labeler's signing key: every stored label (history included) is
 * re-signed with the new key, cts unchanged, and the old key is retired, in one
 * transaction that ends under the label write lock. Other processes notice the
 * retirement under that lock and stop signing with the old key.
 */
export async function rotateSigningKey({ actor, newKeyHex }: RotateKeyInput): Promise<RotationResult> {
  const current = await labelerIdentity();
  if (current.source === "environment" && !newKeyHex) {
    throw new AppError(
      "invalid_request",
      "key: LABELER_SIGNING_KEY is set, so pass the new key (64 hex characters) with --key, then put it in LABELER_SIGNING_KEY",
    );
  }
  if ((await newestLabelVerifies(current.didKey)) === false) {
    throw new AppError(
      "conflict",
      `The stored labels are not signed by this process's key (${current.didKey}): run this with the server's environment (its LABELER_SIGNING_KEY)`,
    );
  }
  const next = newKeyHex ? await importNewKey(newKeyHex) : await SigningKeypair.create();
  if (await db().signingKey.findUnique({ where: { publicKey: next.did() } })) {
    throw new AppError("conflict", "key: this key was used before; rotate to a key never used");
  }
  if (next.did() === current.didKey) throw new AppError("conflict", "key: this is the current key");

  // Signing and writing the stored rows are slow, so they happen before the lock and
  // emission goes on meanwhile: emitters only append rows, and only a rotation changes
  // a signature. Nothing is visible before the commit.
  const presigned = await resignLabels(db(), next);

  const resigned = await db().$transaction(
    async (tx) => {
      await writeSignatures(tx, presigned);
      await takeLabelWriteLock(tx);
      await assertKeyCurrent(current, tx); // a concurrent rotation won
      const late = await resignLabels(tx, next, presigned.lastSeq); // emitted meanwhile, with the old key
      await writeSignatures(tx, late);

      const now = new Date();
      await tx.signingKey.updateMany({ where: { retiredAt: null }, data: { retiredAt: now } });
      // A key from the environment has no row until it is retired; its secret is never stored.
      await tx.signingKey.upsert({
        where: { publicKey: current.didKey },
        update: { retiredAt: now },
        create: { did: current.did, publicKey: current.didKey, privateKey: null, retiredAt: now },
      });
      await tx.signingKey.create({
        data: {
          did: current.did,
          publicKey: next.did(),
          privateKey: current.source === "database" ? await next.exportHex() : null,
        },
      });
      // Every process's memory index reloads: the signatures it serves changed.
      await tx.$executeRaw`SELECT pg_notify(${LABELS_CHANNEL}, ${RESIGNED_NOTICE})`;
      const count = presigned.seqs.length + late.seqs.length;
      await recordAudit(
        {
          actor,
          action: "labeler.rotate_key",
          subject: current.did,
          detail: { from: current.didKey, to: next.did(), source: current.source, resigned: count },
        },
        tx,
      );
      return count;
    },
    { timeout: TRANSACTION_TIMEOUT_MS, maxWait: 60_000 },
  );

  forgetLabelerIdentity();
  noteRotation();
  return { did: current.did, from: current.didKey, to: next.did(), source: current.source, resigned };
}

async function importNewKey(hex: string): Promise<SigningKeypair> {
  if (!/^[0-9a-fA-F]{64}$/.test(hex)) throw new AppError("invalid_request", "key: must be 64 hex characters (a secp256k1 private key)");
  try {
    return await SigningKeypair.import(hex);
  } catch {
    throw new AppError("invalid_request", "key: not a valid secp256k1 private key");
  }
}
