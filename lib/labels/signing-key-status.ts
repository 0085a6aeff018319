import { db } from "@/lib/db";
import type { Prisma } from "@/lib/db/generated/client";
import { AppError } from "@/lib/errors";
import { labelFromRow } from "./label-codec";
import { forgetLabelerIdentity, labelerIdentity, type LabelerIdentity } from "./labeler-identity";
import { unsignedLabel, verifyLabel } from "./sign-label";

type KeyReader = Pick<Prisma.TransactionClient, "signingKey">;
type LabelReader = Pick<Prisma.TransactionClient, "label">;

/** Thrown under the label write lock when this process's key was retired by a rotation. */
export class RetiredKeyError extends AppError {
  constructor(readonly identity: LabelerIdentity) {
    super(
      "unavailable",
      identity.source === "environment"
        ? `LABELER_SIGNING_KEY holds a key retired by a rotation (${identity.didKey}): set it to the new key and restart`
        : `The signing key ${identity.didKey} was retired by a rotation`,
    );
  }
}

/**
 * Whether a rotation retired this key. Rotations run in other processes too (the CLI),
 * so a process's cached key can go stale; a key never recorded (an environment key
 * before any rotation) is current.
 */
export async function isKeyRetired(didKey: string, client: KeyReader = db()): Promise<boolean> {
  const row = await client.signingKey.findUnique({ where: { publicKey: didKey }, select: { retiredAt: true } });
  return Boolean(row?.retiredAt);
}

/** For writers, under the label write lock (which rotations also take): refuse a retired key. */
export async function assertKeyCurrent(identity: LabelerIdentity, client: KeyReader): Promise<void> {
  if (await isKeyRetired(identity.didKey, client)) throw new RetiredKeyError(identity);
}

export type LabelerPublicKey = {
  did: string;
  /** The key labels are signed with now, as did:key. */
  didKey: string;
  source: LabelerIdentity["source"];
  /** LABELER_SIGNING_KEY still holds a retired key: the process must restart with the new one. */
  restartNeeded: boolean;
};

/**
 * The public key to announce (DID document, dashboard, CLI). A database key retired
 * by another process is reloaded; a retired environment key is reported with the
 * key that replaced it, since that is what the stored labels are now signed with.
 */
export async function labelerPublicKey(): Promise<LabelerPublicKey> {
  let identity = await labelerIdentity();
  if (!(await isKeyRetired(identity.didKey))) return view(identity, identity.didKey, false);
  if (identity.source === "database") {
    forgetLabelerIdentity();
    identity = await labelerIdentity();
    return view(identity, identity.didKey, false);
  }
  const active = await db().signingKey.findFirst({ where: { retiredAt: null }, orderBy: { id: "desc" } });
  return view(identity, active?.publicKey ?? identity.didKey, true);
}

function view(identity: LabelerIdentity, didKey: string, restartNeeded: boolean): LabelerPublicKey {
  return { did: identity.did, didKey, source: identity.source, restartNeeded };
}

/**
 * Whether the newest stored label verifies with `didKey` (null when there is none).
 * Catches a process that is not using the server's key, e.g. the CLI run without the
 * server's LABELER_SIGNING_KEY, before it rotates or announces the wrong key.
 */
export async function newestLabelVerifies(didKey: string, client: LabelReader = db()): Promise<boolean | null> {
  const row = await client.label.findFirst({ orderBy: { seq: "desc" } });
  if (!row) return null;
  const label = labelFromRow(row);
  return verifyLabel({ ...unsignedLabel(label), sig: label.sig }, didKey);
}
