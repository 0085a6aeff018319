import Link from "next/link";
import type { Metadata } from "next";
import { AuditFilters } from "@/components/audit-filters";
import { AuditTable } from "@/components/audit-table";
import { EmptyState } from "@/components/empty-state";
import { Notice } from "@/components/notice";
import { PageHeader } from "@/components/page-header";
import { can } from "@/lib/auth/permissions";
import { requirePagePrincipal } from "@/lib/auth/session";
import { pagePath, type SearchParams } from "@/lib/dashboard/page-path";
import { AUDIT_PAGE_SIZE, auditQuerySchema, queryAuditLog, type AuditQuery } from "@/lib/dashboard/query-audit-log";
import { nextPage, positionText, previousPage, readTrail, type PageParams } from "@/lib/dashboard/page-trail";
import { Pager } from "@/components/pager";
import { InvalidQueryNotice } from "@/components/invalid-query-notice";

export const dynamic = "force-dynamic";

export const metadata: Metadata = { title: "Audit log" };

export default async function AuditPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const params = await searchParams;
  const principal = await requirePagePrincipal(pagePath("/audit", params));
  const header = <PageHeader title="Audit log" description="Every write the service made, newest first, with who made it." />;

  if (!can(principal.role, "audit:read")) {
    return (
      <>
        {header}
        <Notice testId="audit-forbidden">Your role ({principal.role}) cannot read the audit log.</Notice>
      </>
    );
  }

  const parsed = auditQuerySchema.safeParse(params);
  const raw = (value: unknown) => (typeof value === "string" ? value : "");
  if (!parsed.success) {
    return (
      <>
        {header}
        <AuditFilters actor={raw(params.actor)} action={raw(params.action)} />
        <InvalidQueryNotice testId="audit-error" href="/audit" linkText="Show the newest entries">
          This filter is not valid: {parsed.error.issues[0]?.message ?? "unknown parameter"}.
        </InvalidQueryNotice>
      </>
    );
  }

  const query = parsed.data;
  const { entries, olderBefore } = await queryAuditLog(query);
  const trail = readTrail(params, query.before);
  const previous = previousPage(trail);
  const filtered = Boolean(query.actor || query.action || query.subject);

  return (
    <>
      {header}
      <AuditFilters actor={query.actor ?? ""} action={query.action ?? ""} />
      {query.subject ? (
        <p className="mb-3 text-sm [overflow-wrap:anywhere]" data-testid="audit-subject-filter">
          Only entries about <span className="font-mono">{query.subject}</span>{" "}
          <Link href={auditHref({ ...query, subject: undefined, before: undefined }, {})} className="font-medium text-accent underline underline-offset-2">
            Show every subject
          </Link>
        </p>
      ) : null}
      {entries.length === 0 ? (
        <EmptyState title={filtered || query.before ? "No entries match" : "No audit entries yet"} testId="audit-empty">
          <p>Token changes, labels, flag decisions and relay decisions are recorded here as they happen.</p>
        </EmptyState>
      ) : (
        <AuditTable entries={entries} />
      )}
      <Pager
        label="Audit log pages"
        first={query.before ? { href: auditHref(query, {}), text: "← Newest" } : null}
        previous={previous ? { href: auditHref(query, previous), text: "← Newer" } : null}
        position={positionText(trail, AUDIT_PAGE_SIZE, entries.length)}
        next={olderBefore ? { href: auditHref(query, nextPage(trail, query.before, olderBefore)), text: "Older →", testId: "audit-older" } : null}
      />
    </>
  );
}

/** The audit page for these filters at `page` (its cursor is `before`: the entry id it starts below). */
function auditHref(query: AuditQuery, page: Partial<PageParams>): string {
  const search = new URLSearchParams();
  if (query.actor) search.set("actor", query.actor);
  if (query.action) search.set("action", query.action);
  if (query.subject) search.set("subject", query.subject);
  if (page.cursor) search.set("before", page.cursor);
  if (page.cursor && page.page) search.set("page", page.page);
  if (page.cursor && page.back) search.set("back", page.back);
  const text = search.toString();
  return text ? `/audit?${text}` : "/audit";
}
