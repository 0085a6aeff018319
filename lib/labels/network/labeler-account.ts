import { recordAudit } from "@/lib/audit/record-audit";
import { db } from "@/lib/db";

const SETTINGS_ID = 1;
const state = globalThis as typeof globalThis & { __wardenLabelerAccount?: { did: string | null; pdsUrl: string | null } };

/**
 * The labeler account's DID once `labeler setup` ran, as loaded into this process
 * (undefined before loadLabelerAccount). labelerDid() prefers LABELER_DID, then this.
 */
export function labelerAccountDid(): string | undefined {
  return state.__wardenLabelerAccount?.did ?? undefined;
}

export function labelerAccountPds(): string | undefined {
  return state.__wardenLabelerAccount?.pdsUrl ?? undefined;
}

/** Reads the account from labeler_settings into this process (at boot, in the CLI). */
export async function loadLabelerAccount(): Promise<void> {
  const row = await db().labelerSettings.findUnique({ where: { id: SETTINGS_ID }, select: { accountDid: true, pdsUrl: true } });
  state.__wardenLabelerAccount = { did: row?.accountDid ?? null, pdsUrl: row?.pdsUrl ?? null };
}

/** Records the account setup turned into the labeler (audited); this process signs as it from now on. */
export async function saveLabelerAccount(did: string, pdsUrl: string, actor: string): Promise<void> {
  await db().$transaction(async (tx) => {
    await tx.labelerSettings.upsert({
      where: { id: SETTINGS_ID },
      create: { id: SETTINGS_ID, accountDid: did, pdsUrl },
      update: { accountDid: did, pdsUrl },
    });
    await recordAudit({ actor, action: "labeler.account", subject: did, detail: { pdsUrl } }, tx);
  });
  state.__wardenLabelerAccount = { did, pdsUrl };
}
