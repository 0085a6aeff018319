import { AtpAgent } from "@atproto/api";
import { recordAudit } from "@/lib/audit/record-audit";
import { AppError } from "@/lib/errors";
import { labelerAccountDid, labelerAccountPds, loadLabelerAccount } from "./labeler-account";
import { explainPdsError } from "./pds-errors";
import { publishServiceRecord } from "./setup-labeler";

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
  if (!did || !pds) throw new AppError("conflict", "No labeler account yet: run `npm run labeler -- setup` first");
  const agent = new AtpAgent({ service: pds });
  try {
    await agent.login({ identifier: did, password });
  } catch (error) {
    throw explainPdsError("login", error, pds);
  }
  const lines: string[] = [];
  const changed = await publishServiceRecord(agent, did, { pds, say: (line) => lines.push(line), confirm: async () => true });
  await recordAudit({ actor, action: "labeler.publish", subject: did, detail: { changed } });
  return { did, changed, lines };
}
