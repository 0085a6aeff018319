import { z } from "zod";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { summarizeRuns, type RunView } from "./run-view";

export const RUNS_PAGE_SIZE = 25;

const blank = (value: unknown) => (typeof value === "string" && value.trim() === "" ? undefined : value);

/** A run id as it appears in a URL (the orchestrator's ids are short and URL-safe). */
export const runIdParam = z.string().regex(/^[\w.:-]{1,100}$/, "run id must be up to 100 letters, digits or . : - _");

export const listRunsQuerySchema = z.object({
  /** The last run of the previous page. */
  before: z.preprocess(blank, runIdParam.optional()),
});
export type ListRunsQuery = z.infer<typeof listRunsQuerySchema>;

export type RunsPage = { runs: RunView[]; nextBefore: string | null };

/** Runs newest first, keyset-paginated on (started_at, id) over the started_at index. */
export async function listRuns(query: ListRunsQuery, limit = RUNS_PAGE_SIZE): Promise<RunsPage> {
  const after = query.before ? await db().triageRun.findUnique({ where: { id: query.before }, select: { id: true, startedAt: true } }) : null;
  if (query.before && !after) throw new AppError("invalid_request", "before: no such run (the page link is stale)");
  const rows = await db().triageRun.findMany({
    where: after ? { OR: [{ startedAt: { lt: after.startedAt } }, { startedAt: after.startedAt, id: { lt: after.id } }] } : {},
    orderBy: [{ startedAt: "desc" }, { id: "desc" }],
    take: limit + 1,
  });
  const page = rows.slice(0, limit);
  return { runs: await summarizeRuns(page), nextBefore: rows.length > limit ? (page.at(-1)?.id ?? null) : null };
}

/** Every run recorded, dry runs included: the runs table's "of N". */
export async function countRuns(): Promise<number> {
  return db().triageRun.count();
}
