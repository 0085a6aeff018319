import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { labelerAccountDid } from "./network/labeler-account";
import { SigningKeypair } from "./signing-keypair";

/** Where the signing key lives: LABELER_SIGNING_KEY, or the signing_keys table. */
export type KeySource = "environment" | "database";

export type LabelerIdentity = {
  did: string;
  keypair: SigningKeypair;
  /** The public key as did:key, which is also its row's `publicKey`. */
  didKey: string;
  source: KeySource;
};

const cache = globalThis as unknown as { __wardenLabeler?: Promise<LabelerIdentity> };

/**
 * The labeler's DID: LABELER_DID, else the account `labeler setup` configured, else a
 * did:web for PUBLIC_URL's host (localhost when unset), so a fresh install can sign
 * labels before it has an identity of its own.
 */
export function labelerDid(): string {
  const { LABELER_DID, PUBLIC_URL } = env();
  if (LABELER_DID) return LABELER_DID;
  const account = labelerAccountDid();
  if (account) return account;
  const host = PUBLIC_URL ? new URL(PUBLIC_URL).host : "localhost";
  return `did:web:${host.replace(":", "%3A")}`;
}

/**
 * The DID and signing key, loaded once per process: LABELER_SIGNING_KEY when set,
 * otherwise the active key kept in the database (generated on first use).
 */
export function labelerIdentity(): Promise<LabelerIdentity> {
  cache.__wardenLabeler ??= loadIdentity().catch((error: unknown) => {
    cache.__wardenLabeler = undefined;
    throw error;
  });
  return cache.__wardenLabeler;
}

/** Forgets the cached key (after a rotation, here or in another process). */
export function forgetLabelerIdentity(): void {
  cache.__wardenLabeler = undefined;
}

async function loadIdentity(): Promise<LabelerIdentity> {
  const did = labelerDid();
  const configured = env().LABELER_SIGNING_KEY;
  if (configured) return identity(did, await SigningKeypair.import(configured), "environment");

  const active = await db().signingKey.findFirst({ where: { retiredAt: null }, orderBy: { id: "asc" } });
  if (active?.privateKey) return identity(did, await SigningKeypair.import(active.privateKey), "database");
  if (active) {
    // A rotation made with LABELER_SIGNING_KEY left the new key in the environment only.
    throw new AppError("unavailable", `The active signing key (${active.publicKey}) is held in LABELER_SIGNING_KEY, which is not set`);
  }

  const keypair = await SigningKeypair.create();
  const mine = await db().signingKey.create({ data: { did, publicKey: keypair.did(), privateKey: await keypair.exportHex() } });
  // Two processes may have raced: the first key stored wins, the other never signed anything.
  const winner = await db().signingKey.findFirstOrThrow({ where: { retiredAt: null }, orderBy: { id: "asc" } });
  if (winner.id !== mine.id) await db().signingKey.delete({ where: { id: mine.id } });
  return identity(did, await SigningKeypair.import(winner.privateKey!), "database");
}

function identity(did: string, keypair: SigningKeypair, source: KeySource): LabelerIdentity {
  return { did, keypair, didKey: keypair.did(), source };
}
