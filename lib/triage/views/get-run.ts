import { z } from "zod";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { toDecisionView } from "./decision-view";
import { withEvidence, type RunItemView } from "./run-item-evidence";
import { summarizeRuns, type RunView } from "./run-view";

export const DECISIONS_PAGE_SIZE = 50;

const blank = (value: unknown) => (typeof value === "string" && value.trim() === "" ? undefined : value);

export const runDecisionsQuerySchema = z.object({
  /** The last decision of the previous page. */
  after: z.preprocess(blank, z.string().regex(/^\d{1,19}$/, "after must be a decision id").transform(BigInt).optional()),
});
export type RunDecisionsQuery = z.infer<typeof runDecisionsQuerySchema>;

export async function getRunOrThrow(id: string): Promise<RunView> {
  const run = await db().triageRun.findUnique({ where: { id } });
  if (!run) throw new AppError("not_found", `No triage run ${id}`);
  const [summary] = await summarizeRuns([run]);
  return summary!;
}

export type DecisionsPage = { decisions: RunItemView[]; nextAfter: string | null };

/** A run's decisions in the order it made them, keyset-paginated on id over the (run_id, id) index. */
export async function listRunDecisions(runId: string, query: RunDecisionsQuery, limit = DECISIONS_PAGE_SIZE): Promise<DecisionsPage> {
  const rows = await db().triageDecision.findMany({
    where: { runId, ...(query.after !== undefined && { id: { gt: query.after } }) },
    orderBy: { id: "asc" },
    take: limit + 1,
  });
  const page = rows.slice(0, limit).map(toDecisionView);
  return { decisions: await withEvidence(page), nextAfter: rows.length > limit ? (page.at(-1)?.id ?? null) : null };
}
