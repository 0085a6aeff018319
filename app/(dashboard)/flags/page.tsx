import type { Metadata } from "next";
import Link from "next/link";
import { EmptyState } from "@/components/empty-state";
import { BatchSelection } from "@/components/flags/batch-selection";
import { FlagFilters, flagsHref } from "@/components/flags/flag-filters";
import { FlagTable } from "@/components/flags/flag-table";
import { secondaryButton } from "@/components/flags/format";
import { PageHeader } from "@/components/page-header";
import { can } from "@/lib/auth/permissions";
import { requirePagePrincipal } from "@/lib/auth/session";
import { countFlags } from "@/lib/flags/count-flags";
import { pagePath, type SearchParams } from "@/lib/dashboard/page-path";
import { isAppError } from "@/lib/errors";
import { FLAG_PAGE_SIZE, listFlags, listFlagsQuerySchema, type ListFlagsQuery } from "@/lib/flags/list-flags";
import { nextPage, positionText, previousPage, readTrail } from "@/lib/dashboard/page-trail";
import type { FlagCounts } from "@/lib/flags/count-flags";
import { openBatchesOf } from "@/lib/flags/open-batches";
import { Pager } from "@/components/pager";
import { InvalidQueryNotice } from "@/components/invalid-query-notice";

export const dynamic = "force-dynamic";

export const metadata: Metadata = { title: "Flags" };

export default async function FlagsPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const params = await searchParams;
  const principal = await requirePagePrincipal(pagePath("/flags", params));
  const header = (
    <PageHeader title="Flags" description="Copyright matches raised by a scanner. Clear false positives, or send a batch to a phone.">
      <Link href="/flags/sensitive-images" className={secondaryButton}>
        Sensitive images
      </Link>
    </PageHeader>
  );

  const parsed = listFlagsQuerySchema.omit({ limit: true }).safeParse(params);
  const result = parsed.success ? await listFlags(parsed.data).catch(invalidCursor) : null;
  if (!parsed.success || !result) {
    return (
      <>
        {header}
        <InvalidQueryNotice testId="flags-error" href="/flags" linkText="Show pending flags">
          This view is not valid{parsed.success ? " (the page link is stale)" : `: ${parsed.error.issues[0]?.message}`}.
        </InvalidQueryNotice>
      </>
    );
  }

  const query = parsed.data;
  const counts = countFlags(); // streamed into the tabs (components/flags/flag-filters.tsx)
  const canReview = can(principal.role, "flags:review");
  const openBatches = await openBatchesOf(result.flags.filter((flag) => flag.status === "pending").map((flag) => flag.uri));
  const trail = readTrail(params, query.cursor);
  const previous = previousPage(trail);
  const table = <FlagTable flags={result.flags} canReview={canReview} openBatches={openBatches} />;

  return (
    <>
      {header}
      <FlagFilters query={query} counts={counts} />
      {result.flags.length === 0 ? (
        <EmptyState title={query.q || query.cursor ? "No flags match" : `No ${query.filter === "all" ? "" : `${query.filter} `}flags`} testId="flags-empty">
          <p>A scanner raises a flag by emitting a copyright-violation label (POST /emit-label); it shows here at once.</p>
        </EmptyState>
      ) : canReview ? (
        <BatchSelection defaultName={batchName(query)}>{table}</BatchSelection>
      ) : (
        table
      )}
      <Pager
        label="Flag pages"
        first={query.cursor ? { href: flagsHref({ ...query, cursor: undefined }), text: "← First page" } : null}
        previous={previous ? { href: flagsHref({ ...query, ...previous }), text: "← Previous" } : null}
        position={positionText(trail, FLAG_PAGE_SIZE, result.flags.length, query.q ? undefined : total(await counts, query.filter))}
        next={result.nextCursor ? { href: flagsHref({ ...query, ...nextPage(trail, query.cursor, result.nextCursor) }), text: "Next page →", testId: "flags-next" } : null}
      />
    </>
  );
}

/** The flags a tab holds (as its count says). */
const total = (counts: FlagCounts, filter: ListFlagsQuery["filter"]) => (filter === "all" ? counts.pending + counts.resolved + counts.expired : counts[filter]);

/** A batch made from this view is named after it unless the moderator names it. */
function batchName(query: ListFlagsQuery): string {
  return `Flags: ${query.filter}${query.q ? ` matching “${query.q}”` : ""}${query.sort === "score" ? ", by score" : ""}`;
}

/** A stale or hand-edited cursor is a notice on the page, not an error page. */
function invalidCursor(error: unknown): null {
  if (isAppError(error) && error.code === "invalid_request") return null;
  throw error;
}
