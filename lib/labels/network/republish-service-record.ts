import { recordAudit } from "@/lib/audit/record-audit";
import { AppError } from "@/lib/errors";
import { labelerAccountDid, labelerAccountPds, loadLabelerAccount } from "./labeler-account";
import { publishServiceRecord } from "./setup-labeler";
import { withAccountSession } from "./setup-steps";

export type RepublishResult = { did: string; changed: boolean; lines: string[] };

/**
 * Publishes app.bsky.labeler.service/self again from the stored definitions, for the
 * account setup configured (the Settings page's one action after an edit). The app
 * password is used for this call's session only.
 */
export async function republishServiceRecord(password: string, actor: string): Promise<RepublishResult> {
  await loadLabelerAccount();
  const did = labelerAccountDid();
  const pds = labelerAccountPds();
  if (!did || !pds) throw new AppError("conflict", "No labeler account yet: run the labeler setup (in Settings or `npm run labeler -- setup`) first");
  return withAccountSession({ pds, identifier: did, password }, "settings", async (session) => {
    const lines: string[] = [];
    const changed = await publishServiceRecord(session, { say: (line) => lines.push(line), confirm: async () => true });
    await recordAudit({ actor, action: "labeler.publish", subject: did, detail: { changed } });
    return { did, changed, lines };
  });
}
