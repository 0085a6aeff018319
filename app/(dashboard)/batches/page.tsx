import type { Metadata } from "next";
import { CountCard, CountGrid } from "@/components/count-card";
import { EmptyState } from "@/components/empty-state";
import { BatchTable } from "@/components/flags/batch-table";
import { PageHeader } from "@/components/page-header";
import { requirePagePrincipal } from "@/lib/auth/session";
import { countBatches } from "@/lib/dashboard/count-batches";
import { pagePath, type SearchParams } from "@/lib/dashboard/page-path";
import { nextPage, positionText, previousPage, readTrail, type PageParams } from "@/lib/dashboard/page-trail";
import { BATCH_PAGE_SIZE, listBatches, listBatchesQuerySchema, type ListBatchesQuery } from "@/lib/flags/list-batches";
import { Pager } from "@/components/pager";
import { InvalidQueryNotice } from "@/components/invalid-query-notice";

export const dynamic = "force-dynamic";

export const metadata: Metadata = { title: "Review batches" };

export default async function BatchesPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const params = await searchParams;
  await requirePagePrincipal(pagePath("/batches", params));
  const parsed = listBatchesQuerySchema.safeParse(params);
  const [counts, page] = await Promise.all([countBatches(), parsed.success ? listBatches(parsed.data) : null]);
  const query = parsed.success ? parsed.data : null;
  const trail = readTrail(params, query?.after);
  const previous = previousPage(trail);
  const total = query?.status === "all" ? counts.pending + counts.completed : query ? counts[query.status] : 0;

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
        {query && page ? (
          <Pager
            label="Batch pages"
            first={query.after ? { href: batchesHref(query, {}), text: "← Newest" } : null}
            previous={previous ? { href: batchesHref(query, previous), text: "← Newer" } : null}
            position={positionText(trail, BATCH_PAGE_SIZE, page.batches.length, total)}
            next={page.nextAfter ? { href: batchesHref(query, nextPage(trail, query.after, page.nextAfter)), text: "Older →", testId: "batches-older" } : null}
          />
        ) : null}
      </div>
    </>
  );
}

/** The batches page for this view at `page` (its cursor is `after`: the last batch of the page before). */
function batchesHref(query: ListBatchesQuery, page: Partial<PageParams>): string {
  const search = new URLSearchParams();
  if (query.status !== "all") search.set("status", query.status);
  if (page.cursor) search.set("after", page.cursor);
  if (page.cursor && page.page) search.set("page", page.page);
  if (page.cursor && page.back) search.set("back", page.back);
  const text = search.toString();
  return text ? `/batches?${text}` : "/batches";
}
