import type { PageParams } from "@/lib/dashboard/page-trail";
import Link from "next/link";
import { Suspense } from "react";
import type { FlagCounts } from "@/lib/flags/count-flags";
import type { ListFlagsQuery } from "@/lib/flags/list-flags";
import { FilterDisclosure } from "../filter-disclosure";
import { field, primaryButton } from "./format";

const tabs = [
  ["pending", "Pending"],
  ["resolved", "Resolved"],
  ["all", "All"],
] as const;

export function flagsHref(query: Partial<ListFlagsQuery> & Partial<PageParams>): string {
  const search = new URLSearchParams();
  if (query.filter && query.filter !== "pending") search.set("filter", query.filter);
  if (query.q) search.set("q", query.q);
  if (query.sort && query.sort !== "newest") search.set("sort", query.sort);
  if (query.cursor) search.set("cursor", query.cursor);
  if (query.cursor && query.page) search.set("page", query.page);
  if (query.cursor && query.back) search.set("back", query.back);
  const text = search.toString();
  return text ? `/flags?${text}` : "/flags";
}

/**
 * Status tabs, and a plain GET search form (works without JavaScript, shareable URL).
 * Counting 100,000 flags takes longer than listing a page of them, so the counts
 * stream in after the list instead of holding it back.
 */
export function FlagFilters({ query, counts }: { query: ListFlagsQuery; counts: Promise<FlagCounts> }) {
  return (
    <div className="mb-4 space-y-3">
      <nav aria-label="Flag status" className="flex flex-wrap gap-2">
        {tabs.map(([filter, label]) => (
          <Link
            key={filter}
            href={flagsHref({ ...query, filter, cursor: undefined })}
            aria-current={query.filter === filter ? "page" : undefined}
            data-testid={`flags-tab-${filter}`}
            className="inline-flex min-h-11 items-center gap-2 rounded-lg border border-line bg-surface px-4 font-medium hover:bg-surface-raised aria-[current=page]:border-accent aria-[current=page]:bg-accent-soft"
          >
            {label}
            <Suspense fallback={<span className="text-sm text-muted">…</span>}>
              <TabCount counts={counts} filter={filter} />
            </Suspense>
          </Link>
        ))}
      </nav>
      <FilterDisclosure className="" label="Search and sort" summary={[query.q ? `“${query.q}”` : "no search", query.sort === "score" ? "highest score" : "newest"].join(", ")}>
        <form method="get" action="/flags" role="search" aria-label="Search flags" className="flex flex-wrap items-end gap-3">
          {query.filter !== "pending" ? <input type="hidden" name="filter" value={query.filter} /> : null}
          <div className="min-w-0 flex-1 basis-56">
            <label htmlFor="flags-q" className="mb-1 block text-sm font-medium">
              Title, artist or URI
            </label>
            <input id="flags-q" name="q" type="search" defaultValue={query.q ?? ""} autoComplete="off" className={field} data-testid="flags-search" />
          </div>
          <div className="basis-44">
            <label htmlFor="flags-sort" className="mb-1 block text-sm font-medium">
              Sort
            </label>
            <select id="flags-sort" name="sort" defaultValue={query.sort} className={field} data-testid="flags-sort">
              <option value="newest">Newest</option>
              <option value="score">Highest score</option>
            </select>
          </div>
          <button type="submit" className={primaryButton}>
            Search
          </button>
        </form>
      </FilterDisclosure>
    </div>
  );
}

async function TabCount({ counts, filter }: { counts: Promise<FlagCounts>; filter: ListFlagsQuery["filter"] }) {
  const { pending, resolved, expired } = await counts;
  const value = { pending, resolved, all: pending + resolved + expired }[filter];
  return <span className="text-sm text-muted tabular-nums">{value.toLocaleString("en-US")}</span>;
}
