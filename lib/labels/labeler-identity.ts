import { Secp256k1Keypair } from "@atproto/crypto";
import { db } from "@/lib/db";
import { env } from "@/lib/env";

export type LabelerIdentity = { did: string; keypair: Secp256k1Keypair };

const cache = globalThis as unknown as { __wardenLabeler?: Promise<LabelerIdentity> };

/**
 * The labeler's DID: LABELER_DID, or a did:web for PUBLIC_URL's host (localhost when
 * unset), so a fresh install can sign labels before it has an identity of its own.
 */
export function labelerDid(): string {
  const { LABELER_DID, PUBLIC_URL } = env();
  if (LABELER_DID) return LABELER_DID;
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

/** Forgets the cached key (after a rotation). */
export function forgetLabelerIdentity(): void {
  cache.__wardenLabeler = undefined;
}

async function loadIdentity(): Promise<LabelerIdentity> {
  const did = labelerDid();
  const configured = env().LABELER_SIGNING_KEY;
  if (configured) return { did, keypair: await Secp256k1Keypair.import(configured.toLowerCase(), { exportable: true }) };
  const active = await db().signingKey.findFirst({ where: { retiredAt: null }, orderBy: { id: "asc" } });
  if (active) return { did, keypair: await Secp256k1Keypair.import(active.privateKey, { exportable: true }) };
  const keypair = await Secp256k1Keypair.create({ exportable: true });
  await db().signingKey.create({ data: { did, privateKey: Buffer.from(await keypair.export()).toString("hex") } });
  // Two processes may have raced: the first key stored wins.
  const winner = await db().signingKey.findFirstOrThrow({ where: { retiredAt: null }, orderBy: { id: "asc" } });
  return { did, keypair: await Secp256k1Keypair.import(winner.privateKey, { exportable: true }) };
}
