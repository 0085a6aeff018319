import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { labelHistory, type LabelHistory } from "@/lib/labels/label-history";
import { FLAG_VAL } from "./flag-definition";
import { loadFlags, type Flag } from "./load-flags";

const AUDIT_LIMIT = 200;

export type FlagDetail = {
  flags: Flag[];
  history: LabelHistory;
  audit: { id: string; at: Date; actor: string; action: string; detail: unknown }[];
  batches: { batchId: string; decision: string | null; decidedBy: string | null; decidedAt: Date | null }[];
};

/** One subject's flag with everything a moderator asks before deciding: its labels, who did what, which batches hold it. */
export async function getFlagDetailOrThrow(uri: string): Promise<FlagDetail> {
  const flags = await loadFlags([uri]);
  if (flags.length === 0) throw new AppError("not_found", `No ${FLAG_VAL} flag on ${uri}`);
  const [history, audit, batches] = await Promise.all([
    labelHistory(uri),
    db().auditEntry.findMany({ where: { subject: uri }, orderBy: { id: "desc" }, take: AUDIT_LIMIT }),
    db().reviewBatchItem.findMany({
      where: { uri },
      select: { batchId: true, decision: true, decidedBy: true, decidedAt: true },
      orderBy: { batch: { createdAt: "desc" } },
    }),
  ]);
  return {
    flags,
    history,
    audit: audit.map((entry) => ({ id: entry.id.toString(), at: entry.at, actor: entry.actor, action: entry.action, detail: entry.detail })),
    batches,
  };
}
