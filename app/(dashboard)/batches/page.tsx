import type { Metadata } from "next";
import Link from "next/link";
import { CountCard, CountGrid } from "@/components/count-card";
import { EmptyState } from "@/components/empty-state";
import { BatchTable } from "@/components/flags/batch-table";
import { secondaryButton } from "@/components/flags/format";
import { PageHeader } from "@/components/page-header";
import { requirePagePrincipal } from "@/lib/auth/session";
import { countBatches } from "@/lib/dashboard/count-batches";
import { pagePath, type SearchParams } from "@/lib/dashboard/page-path";
import { listBatches, listBatchesQuerySchema } from "@/lib/flags/list-batches";
import { InvalidQueryNotice } from "@/components/invalid-query-notice";

export const dynamic = "force-dynamic";

export const metadata: Metadata = { title: "Review batches" };

export default async function BatchesPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const params = await searchParams;
  await requirePagePrincipal(pagePath("/batches", params));
  const parsed = listBatchesQuerySchema.safeParse(params);
  const [counts, page] = await Promise.all([countBatches(), parsed.success ? listBatches(parsed.data) : null]);

  return (
    <>
      <PageHeader
        title="Review batches"
        description="Groups of pending flags or reported subjects to review on a phone, one decision each. Create one from a selection on the Flags page or in the Reports inbox."
      />
      <CountGrid label="Batch counts">
        <CountCard testKey="batches-pending" label="Open" value={counts.pending} tone="attention" description="Items still to decide" />
        <CountCard testKey="batches-completed" label="Completed" value={counts.completed} description="Every item decided" />
      </CountGrid>
      <div className="mt-6">
        {!page ? (
          <InvalidQueryNotice testId="batches-error" href="/batches" linkText="Show all batches">
            This view is not valid.
          </InvalidQueryNotice>
        ) : page.batches.length === 0 ? (
          <EmptyState title="No review batches yet" testId="batches-empty">
            <p>Select pending flags on the Flags page or subjects in the Reports inbox and create a batch, or let a script call POST /admin/batches or POST /api/reports/batches.</p>
          </EmptyState>
        ) : (
          <BatchTable batches={page.batches} />
        )}
        {page?.nextAfter ? (
          <nav aria-label="Batch pages" className="mt-4 flex justify-end">
            <Link href={`/batches?${new URLSearchParams({ after: page.nextAfter })}`} className={secondaryButton} rel="next">
              Older →
            </Link>
          </nav>
        ) : null}
      </div>
    </>
  );
}
