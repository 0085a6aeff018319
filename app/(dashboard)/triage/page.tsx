import type { Metadata } from "next";
import { CountCard, CountGrid } from "@/components/count-card";
import { EmptyState } from "@/components/empty-state";
import { PageHeader } from "@/components/page-header";
import { OutcomeChart } from "@/components/triage/outcome-chart";
import { RunNowButton } from "@/components/triage/run-now-button";
import { RunsTable } from "@/components/triage/runs-table";
import { TriageSetup } from "@/components/triage/triage-setup";
import { requirePagePrincipal } from "@/lib/auth/session";
import { countFlags } from "@/lib/flags/count-flags";
import { countRelayEvents } from "@/lib/dashboard/count-relay-events";
import { countOpenSubjects } from "@/lib/reports/count-open-subjects";
import { pagePath, type SearchParams } from "@/lib/dashboard/page-path";
import { isAppError } from "@/lib/errors";
import { countRuns, listRuns, listRunsQuerySchema, RUNS_PAGE_SIZE } from "@/lib/triage/views/list-runs";
import { nextPage, positionText, previousPage, readTrail, type PageParams } from "@/lib/dashboard/page-trail";
import { outcomesPerDay } from "@/lib/triage/views/outcomes-per-day";
import { triageStatus } from "@/lib/triage/views/triage-status";
import { Pager } from "@/components/pager";
import { InvalidQueryNotice } from "@/components/invalid-query-notice";

export const dynamic = "force-dynamic";

export const metadata: Metadata = { title: "Triage" };

const section = "mt-8 mb-3 text-lg font-semibold";

export default async function TriagePage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const params = await searchParams;
  const principal = await requirePagePrincipal(pagePath("/triage", params));
  const status = triageStatus();
  const query = listRunsQuerySchema.safeParse(params);
  const [flags, relay, reports, days, page, total] = await Promise.all([
    countFlags(),
    countRelayEvents(),
    countOpenSubjects(),
    outcomesPerDay(),
    query.success ? listRuns(query.data).catch(staleCursor) : null,
    countRuns(),
  ]);
  const before = query.data?.before;
  const trail = readTrail(params, before);
  const previous = previousPage(trail);

  return (
    <>
      <PageHeader
        title="Triage"
        description="An AI model clears the noise in the flag, relay and report queues and routes the rest to a moderator; every decision is kept here."
      >
        {/* Only admins start runs from here; the triage role is for the cron and scripts. */}
        {principal.role === "admin" && status.enabled ? <RunNowButton /> : null}
      </PageHeader>
      {status.enabled ? null : (
        <div role="status" className="mb-6 rounded-xl border border-warning/50 bg-warning-soft px-4 py-3 text-warning" data-testid="triage-disabled">
          <p className="font-semibold">Triage is disabled: no ANTHROPIC_API_KEY, so nothing is decided automatically.</p>
          <p className="mt-1 text-sm">Every flag, held event and report waits for a moderator. Set ANTHROPIC_API_KEY and restart to turn it on.</p>
        </div>
      )}
      <TriageSetup status={status} />

      <h2 className={section}>Waiting for triage or a moderator</h2>
      <CountGrid label="Items waiting">
        <CountCard testKey="triage-flags" label="Pending flags" value={flags.pending} href="/flags" />
        <CountCard testKey="triage-relay" label="Pending relay events" value={relay.pending} href="/relay" />
        <CountCard testKey="triage-reports" label="Open report subjects" value={reports} href="/reports" />
      </CountGrid>

      <h2 className={section}>Outcomes</h2>
      <OutcomeChart days={days} />

      <h2 className={section}>Runs</h2>
      {!page ? (
        <InvalidQueryNotice testId="runs-error" href="/triage" linkText="Show the latest runs">
          This page link is not valid (the run it starts after is gone).
        </InvalidQueryNotice>
      ) : page.runs.length === 0 ? (
        <EmptyState title={query.data?.before ? "No older runs" : "No triage runs yet"} testId="runs-empty">
          <p>Runs start from cron (/api/cron/triage), TRIAGE_INTERVAL, `npm run triage`, or the button above; each is listed here.</p>
        </EmptyState>
      ) : (
        <>
          <RunsTable runs={page.runs} />
          <p className="mt-2 text-xs text-muted">Costs are estimates from Anthropic&apos;s list prices for the run&apos;s model, not a bill.</p>
        </>
      )}
      <Pager
        label="Run pages"
        first={before ? { href: runsHref({}), text: "← Latest runs" } : null}
        previous={previous ? { href: runsHref(previous), text: "← Newer runs" } : null}
        position={positionText(trail, RUNS_PAGE_SIZE, page?.runs.length ?? 0, total)}
        next={page?.nextBefore ? { href: runsHref(nextPage(trail, before, page.nextBefore)), text: "Older runs →", testId: "runs-next" } : null}
      />
    </>
  );
}

/** The triage page showing the runs page `page` (its cursor is `before`: the run it starts after). */
function runsHref(page: Partial<PageParams>): string {
  const search = new URLSearchParams();
  if (page.cursor) search.set("before", page.cursor);
  if (page.cursor && page.page) search.set("page", page.page);
  if (page.cursor && page.back) search.set("back", page.back);
  const text = search.toString();
  return text ? `/triage?${text}` : "/triage";
}

/** A stale or hand-edited page link is a notice, not an error page. */
function staleCursor(error: unknown): null {
  if (isAppError(error) && error.code === "invalid_request") return null;
  throw error;
}
