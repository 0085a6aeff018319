import type { Metadata } from "next";
import Link from "next/link";
import { EmptyState } from "@/components/empty-state";
import { FilterDisclosure } from "@/components/filter-disclosure";
import { Notice } from "@/components/notice";
import { PageHeader } from "@/components/page-header";
import { Pager } from "@/components/pager";
import { SUBJECT_FORM, SubjectActions } from "@/components/reports/subject-actions";
import { SubjectRow } from "@/components/reports/subject-row";
import { buttonClass, fieldClass } from "@/components/relay/styles";
import { can } from "@/lib/auth/permissions";
import { requirePagePrincipal } from "@/lib/auth/session";
import { pagePath, type SearchParams } from "@/lib/dashboard/page-path";
import { countSubjects, listSubjects, listSubjectsQuerySchema, SUBJECT_PAGE_SIZE, subjectSorts, subjectStates } from "@/lib/reports/list-subjects";
import { nextPage, positionText, previousPage, readTrail } from "@/lib/dashboard/page-trail";
import { recentReporters } from "@/lib/reports/mute-reporter";
import { identify } from "@/lib/reports/subject";
import { subjectContents } from "@/lib/reports/subject-content";
import { legacyReasons, ozoneReasons, shortReason } from "@/lib/reports/reason-types";
import { undoPermission } from "@/lib/triage/undo-decision";
import { latestDecisions } from "@/lib/triage/views/latest-decisions";

export const dynamic = "force-dynamic";

export const metadata: Metadata = { title: "Reports" };

const sortNames: Record<(typeof subjectSorts)[number], string> = { recent: "Latest report", oldest: "Oldest first", count: "Most reported" };
const reasonOptions = [...ozoneReasons, ...legacyReasons];
const tab = "inline-flex min-h-11 items-center rounded-lg border px-3 text-sm font-medium";

export default async function ReportsPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const params = await searchParams;
  const principal = await requirePagePrincipal(pagePath("/reports", params));
  const header = <PageHeader title="Reports" description="Reports from Bluesky users, Nostr users and services, one row per reported subject." />;
  if (!can(principal.role, "reports:read")) {
    return (
      <>
        {header}
        <Notice tone="error" testId="reports-forbidden">Your role ({principal.role}) cannot read reports.</Notice>
      </>
    );
  }
  const parsed = listSubjectsQuerySchema.safeParse(params);
  if (!parsed.success) {
    return (
      <>
        {header}
        <Notice tone="error" testId="reports-error">
          This view is not valid: {parsed.error.issues[0]?.message ?? "unknown parameter"}.{" "}
          <Link href="/reports" className="font-semibold underline underline-offset-2">Show the open reports</Link>
        </Notice>
      </>
    );
  }
  const query = parsed.data;
  const [page, total] = await Promise.all([listSubjects(query), countSubjects(query)]);
  const trail = readTrail(params, query.cursor);
  const previous = previousPage(trail);
  // At most APPVIEW_TIMEOUT_MS: a slow AppView shows the fallback, never a stuck page.
  const reporters = await recentReporters(page.subjects.map((subject) => subject.id));
  const aiDecisions = await latestDecisions("reports", page.subjects.map((subject) => String(subject.id)));
  const canUndoAi = can(principal.role, undoPermission.reports);
  const contents = await subjectContents(page.subjects.map(({ id, kind, subject }) => ({ id, kind, key: identify(subject).key })));
  const href = (change: Record<string, string | undefined>) => {
    const next = new URLSearchParams();
    // A limit other than the default is kept, so the pages and their positions stay the same size.
    const limit = query.limit === SUBJECT_PAGE_SIZE ? undefined : String(query.limit);
    const merged = { state: query.state, sort: query.sort, network: query.network, reason: query.reason, author: query.author, limit, ...change };
    for (const [key, value] of Object.entries(merged)) if (value) next.set(key, value);
    return `/reports?${next}`;
  };

  // Folded on a phone, the filters' button still says how the list is ordered and filtered.
  const networkName = query.network === "nostr" ? "Nostr only" : query.network === "atproto" ? "Bluesky only" : null;
  const filterSummary = [sortNames[query.sort], networkName, query.reason && shortReason(query.reason), query.author && "one author"].filter(Boolean).join(", ");

  return (
    <>
      {header}
      <nav aria-label="Review state" className="mb-3 flex flex-wrap gap-2" data-testid="report-states">
        {subjectStates.map((state) => (
          <Link key={state} href={href({ state, cursor: undefined })} aria-current={state === query.state ? "page" : undefined} className={`${tab} ${state === query.state ? "border-accent bg-accent-soft" : "border-line bg-surface"}`} data-testid={`state-${state}`}>
            {state}
          </Link>
        ))}
      </nav>
      <FilterDisclosure summary={filterSummary}>
        <nav aria-label="Order and network" className="mb-4 flex flex-wrap gap-2 text-sm">
          {subjectSorts.map((sort) => (
            <Link key={sort} href={href({ sort })} aria-current={sort === query.sort ? "true" : undefined} className={`${tab} ${sort === query.sort ? "border-accent" : "border-line"}`}>
              {sortNames[sort]}
            </Link>
          ))}
          <Link href={href({ network: query.network === "nostr" ? undefined : "nostr" })} className={`${tab} ${query.network === "nostr" ? "border-accent" : "border-line"}`}>Nostr only</Link>
          <Link href={href({ network: query.network === "atproto" ? undefined : "atproto" })} className={`${tab} ${query.network === "atproto" ? "border-accent" : "border-line"}`}>Bluesky only</Link>
        </nav>
        <form method="get" action="/reports" className="flex flex-wrap items-end gap-2" aria-label="Filter by reason and reported author" data-testid="report-filters">
          {query.state !== "open" ? <input type="hidden" name="state" value={query.state} /> : null}
          {query.sort !== "recent" ? <input type="hidden" name="sort" value={query.sort} /> : null}
          {query.network ? <input type="hidden" name="network" value={query.network} /> : null}
          <label className="block min-w-48 flex-1 text-sm font-medium">
            Reason
            <select name="reason" defaultValue={query.reason ?? ""} className={fieldClass} data-testid="filter-reason">
              <option value="">Any reason</option>
              {reasonOptions.map((reason) => <option key={reason} value={reason}>{shortReason(reason)}{reason.startsWith("com.atproto") ? " (legacy)" : ""}</option>)}
            </select>
          </label>
          <label className="block min-w-48 flex-[2] text-sm font-medium">
            Reported author (DID or Nostr pubkey)
            <input name="author" defaultValue={query.author ?? ""} className={fieldClass} placeholder="did:plc:… or 64 hex characters" spellCheck={false} autoComplete="off" data-testid="filter-author" />
          </label>
          <button type="submit" className={buttonClass.secondary} data-testid="filter-apply">Filter</button>
          {query.reason || query.author ? <Link href={href({ reason: undefined, author: undefined })} className={`${tab} border-line`} data-testid="filter-clear">Clear filters</Link> : null}
        </form>
      </FilterDisclosure>
      {page.subjects.length === 0 ? (
        <EmptyState title={`No ${query.state} reports${query.reason || query.author ? " match these filters" : ""}`}>Reports sent to this labeler, published on the relay or filed by services appear here, grouped by subject.</EmptyState>
      ) : (
        <>
          <form id={SUBJECT_FORM} />
          <ul className="space-y-3" data-testid="report-subjects">
            {page.subjects.map((subject) => <SubjectRow key={subject.id} subject={subject} content={contents.get(subject.id)} reporters={reporters.get(subject.id)} ai={aiDecisions.get(String(subject.id))} canUndoAi={canUndoAi} />)}
          </ul>
          <Pager
            label="Report pages"
            first={query.cursor ? { href: href({}), text: "← First page" } : null}
            previous={previous ? { href: href(previous), text: "← Previous" } : null}
            position={positionText(trail, query.limit, page.subjects.length, total)}
            next={page.cursor ? { href: href(nextPage(trail, query.cursor, page.cursor)), text: "Next page →", testId: "reports-next" } : null}
          />
        </>
      )}
      {/* Kept when the list empties, so the last action's feedback stays in view. */}
      {can(principal.role, "reports:review") ? <SubjectActions canLabel={can(principal.role, "labels:write")} canRelay={can(principal.role, "relay:decide") && can(principal.role, "relay:trust")} /> : null}
    </>
  );
}
