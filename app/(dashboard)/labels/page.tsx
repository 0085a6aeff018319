import type { Metadata } from "next";
import { headers } from "next/headers";
import Link from "next/link";
import { CountCard, CountGrid } from "@/components/count-card";
import { EmptyState } from "@/components/empty-state";
import { LabelHistoryTable } from "@/components/label-history-table";
import { LabelSearchForm } from "@/components/label-search-form";
import { LabelTable } from "@/components/label-table";
import { LabelerIdentityPanel } from "@/components/labeler-identity-panel";
import { PageHeader } from "@/components/page-header";
import { can } from "@/lib/auth/permissions";
import { requirePagePrincipal } from "@/lib/auth/session";
import { countLabels } from "@/lib/dashboard/count-labels";
import { pagePath, type SearchParams } from "@/lib/dashboard/page-path";
import { requestOrigin } from "@/lib/http/request-origin";
import { labelHistory } from "@/lib/labels/label-history";
import { labelerInfo } from "@/lib/labels/labeler-info";
import { LABEL_PAGE_SIZE, labelSearchSchema, searchLabels, type LabelSearch } from "@/lib/labels/search-labels";
import { nextPage, positionText, previousPage, readTrail, type PageParams } from "@/lib/dashboard/page-trail";
import { Pager } from "@/components/pager";
import { InvalidQueryNotice } from "@/components/invalid-query-notice";

export const dynamic = "force-dynamic";

export const metadata: Metadata = { title: "Labels" };

export default async function LabelsPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const params = await searchParams;
  const principal = await requirePagePrincipal(pagePath("/labels", params));
  const [info, counts] = await Promise.all([labelerInfo(requestOrigin(await headers())), countLabels()]);
  const raw = (value: unknown) => (typeof value === "string" ? value : "");
  const parsed = labelSearchSchema.safeParse(params);
  const historyUri = raw(params.history).trim().slice(0, 2000);
  const [page, history] = await Promise.all([
    parsed.success ? searchLabels(parsed.data) : null,
    historyUri ? labelHistory(historyUri) : null,
  ]);
  const search = parsed.success ? parsed.data : null;
  const filtered = Boolean(search && (search.subject || search.val || search.src || search.before));
  const trail = readTrail(params, search?.before);
  const previous = previousPage(trail);

  return (
    <>
      <PageHeader
        title="Labels"
        description="Signed ATProto labels this service emitted: their current state, each subject's history, and the identity subscribers verify them with."
      />
      <LabelerIdentityPanel info={info} />
      <CountGrid label="Label counts">
        <CountCard testKey="labels-emitted" label="Labels emitted" value={counts.emitted} description="Every emission, in sequence" />
        <CountCard testKey="labels-negations" label="Negations" value={counts.negations} description="Emissions that withdrew a label" />
        <CountCard testKey="labels-subjects" label="Subjects labelled" value={counts.subjects} description="Distinct accounts and records" />
      </CountGrid>

      {history ? (
        <section id="history" aria-labelledby="history-title" className="mt-8">
          <div className="mb-3 flex flex-wrap items-baseline justify-between gap-2">
            <h2 id="history-title" className="min-w-0 text-lg font-semibold [overflow-wrap:anywhere]">
              History of <span className="font-mono text-base">{history.uri}</span>
            </h2>
            <Link href="/labels" className="text-sm text-accent underline-offset-2 hover:underline">
              Close history
            </Link>
          </div>
          {history.emissions.length === 0 ? (
            <EmptyState title="No label was ever emitted on this subject" testId="history-empty" />
          ) : (
            <LabelHistoryTable history={history} />
          )}
          {history.truncated ? <p className="mt-2 text-sm text-muted">Showing the first {history.emissions.length} emissions.</p> : null}
        </section>
      ) : null}

      <section aria-labelledby="current-title" className="mt-8">
        <h2 id="current-title" className="mb-3 text-lg font-semibold">
          Current labels
        </h2>
        <LabelSearchForm subject={raw(params.subject)} val={raw(params.val)} src={raw(params.src)} />
        {!page ? (
          <InvalidQueryNotice testId="labels-error" href="/labels" linkText="Show the newest labels">
            This search is not valid: {parsed.error?.issues[0]?.message ?? "unknown parameter"}.
          </InvalidQueryNotice>
        ) : page.labels.length === 0 ? (
          <EmptyState title={filtered ? "No labels match" : "No labels yet"} testId="labels-empty">
            <p>
              Labels appear here when a scanner or a moderator emits one (<code>POST /emit-label</code> or{" "}
              <code>POST /api/labels</code>).
            </p>
          </EmptyState>
        ) : (
          <LabelTable labels={page.labels} ownSrc={info.did} canNegate={can(principal.role, "labels:write")} />
        )}
        {search ? (
          <Pager
            label="Label pages"
            first={search.before ? { href: labelsHref(search, {}), text: "← Newest" } : null}
            previous={previous ? { href: labelsHref(search, previous), text: "← Newer" } : null}
            // No total: counting every matching head would read them all, where a page reads 51.
            position={positionText(trail, LABEL_PAGE_SIZE, page?.labels.length ?? 0)}
            next={page?.olderBefore ? { href: labelsHref(search, nextPage(trail, search.before, page.olderBefore)), text: "Older →", testId: "labels-older" } : null}
          />
        ) : null}
      </section>
    </>
  );
}

/** The labels page for these filters at `page` (its cursor is `before`: the seq it starts below). */
function labelsHref(search: LabelSearch, page: Partial<PageParams>): string {
  const query = new URLSearchParams();
  for (const key of ["subject", "val", "src"] as const) if (search[key]) query.set(key, search[key]);
  if (page.cursor) query.set("before", page.cursor);
  if (page.cursor && page.page) query.set("page", page.page);
  if (page.cursor && page.back) query.set("back", page.back);
  const text = query.toString();
  return text ? `/labels?${text}` : "/labels";
}
