import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { EmptyState } from "@/components/empty-state";
import { secondaryButton } from "@/components/flags/format";
import { Notice } from "@/components/notice";
import { PageHeader } from "@/components/page-header";
import { DecisionTable } from "@/components/triage/decision-table";
import { RunSummaryPanel } from "@/components/triage/run-summary-panel";
import { can } from "@/lib/auth/permissions";
import { requirePagePrincipal } from "@/lib/auth/session";
import { pagePath, type SearchParams } from "@/lib/dashboard/page-path";
import { isAppError } from "@/lib/errors";
import { undoPermission } from "@/lib/triage/undo-decision";
import { getRunOrThrow, listRunDecisions, runDecisionsQuerySchema } from "@/lib/triage/views/get-run";
import { runIdParam } from "@/lib/triage/views/list-runs";
import { InvalidQueryNotice } from "@/components/invalid-query-notice";

export const dynamic = "force-dynamic";

export const metadata: Metadata = { title: "Triage run" };

/** One run: what it did in total, then each item with the model's answer and its rationale. */
export default async function TriageRunPage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<SearchParams> }) {
  const { id } = await params;
  const query = await searchParams;
  const principal = await requirePagePrincipal(pagePath(`/triage/runs/${encodeURIComponent(id)}`, query));
  if (!runIdParam.safeParse(id).success) notFound();
  const run = await getRunOrThrow(id).catch(notFoundOr);
  const parsed = runDecisionsQuerySchema.safeParse(query);
  const page = parsed.success ? await listRunDecisions(run.id, parsed.data) : null;
  const canUndo = { flags: can(principal.role, undoPermission.flags), relay: can(principal.role, undoPermission.relay), reports: can(principal.role, undoPermission.reports) };
  const after = parsed.success && parsed.data.after !== undefined;

  return (
    <>
      <Link href="/triage" className="mb-2 inline-flex min-h-11 items-center text-sm font-medium text-accent">
        ← Triage
      </Link>
      <PageHeader title={`${run.dryRun ? "Dry run" : "Run"} from ${run.trigger}`} description={<span className="font-mono text-sm">{run.id}</span>} />
      <RunSummaryPanel run={run} />
      {run.dryRun ? (
        <div className="mt-4">
          <Notice testId="run-dry">A dry run changes nothing: these are what the model would have decided.</Notice>
        </div>
      ) : null}

      <h2 className="mt-8 mb-3 text-lg font-semibold">Items</h2>
      {!page ? (
        <InvalidQueryNotice testId="decisions-error" href={`/triage/runs/${run.id}`} linkText="Show the first items">
          This page link is not valid.
        </InvalidQueryNotice>
      ) : page.decisions.length === 0 ? (
        <EmptyState title={after ? "No more items" : "No items in this run"} testId="decisions-empty">
          <p>A run that found nothing pending, or stopped before its first answer, has no items.</p>
        </EmptyState>
      ) : (
        <DecisionTable decisions={page.decisions} canUndo={canUndo} />
      )}
      {after || page?.nextAfter ? (
        <nav aria-label="Item pages" className="mt-4 flex flex-wrap justify-between gap-3">
          {after ? <Link href={`/triage/runs/${run.id}`} className={secondaryButton}>← First items</Link> : <span />}
          {page?.nextAfter ? (
            <Link href={`/triage/runs/${run.id}?${new URLSearchParams({ after: page.nextAfter })}`} className={secondaryButton} rel="next" data-testid="decisions-next">
              More items →
            </Link>
          ) : null}
        </nav>
      ) : null}
    </>
  );
}

function notFoundOr(error: unknown): never {
  if (isAppError(error) && error.code === "not_found") notFound();
  throw error;
}
