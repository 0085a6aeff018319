import type { Metadata } from "next";
import Link from "next/link";
import { EmptyState } from "@/components/empty-state";
import { FilterDisclosure } from "@/components/filter-disclosure";
import { formatCount } from "@/components/format";
import { Notice } from "@/components/notice";
import { PageHeader } from "@/components/page-header";
import { PubkeyTable } from "@/components/relay/pubkey-table";
import { SetTierForm } from "@/components/relay/set-tier-form";
import { can } from "@/lib/auth/permissions";
import { requirePagePrincipal } from "@/lib/auth/session";
import { pagePath, type SearchParams } from "@/lib/dashboard/page-path";
import { countPubkeysByTier } from "@/lib/relay/views/count-pubkeys";
import { PUBKEY_PAGE_SIZE, pubkeyQuerySchema, queryPubkeys } from "@/lib/relay/views/query-pubkeys";
import { nextPage, positionText, previousPage, readTrail, type PageParams } from "@/lib/dashboard/page-trail";
import { pubkeyTiers } from "@/lib/relay/policy/tiers";
import { tierMeaning } from "@/lib/relay/views/tiers";
import { Pager } from "@/components/pager";
import { secondaryButton } from "@/components/flags/format";
import { InvalidQueryNotice } from "@/components/invalid-query-notice";

export const dynamic = "force-dynamic";

export const metadata: Metadata = { title: "Relay pubkeys" };

const pill = "inline-flex min-h-11 items-center gap-2 rounded-full border px-4 text-sm font-medium";
export default async function RelayPubkeysPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const params = await searchParams;
  const principal = await requirePagePrincipal(pagePath("/relay/pubkeys", params));
  const editable = can(principal.role, "relay:trust");
  const header = (
    <PageHeader title="Relay pubkeys" description="Each author's trust tier decides what the relay does with their events.">
      <Link href="/relay" className={secondaryButton}>
        ← Relay queue
      </Link>
    </PageHeader>
  );

  const parsed = pubkeyQuerySchema.safeParse(params);
  if (!parsed.success) {
    return (
      <>
        {header}
        <InvalidQueryNotice testId="pubkeys-error" href="/relay/pubkeys" linkText="Show every pubkey">
          This view is not valid: {parsed.error.issues[0]?.message ?? "unknown parameter"}.
        </InvalidQueryNotice>
      </>
    );
  }

  const query = parsed.data;
  const [counts, page] = await Promise.all([countPubkeysByTier(), queryPubkeys(query)]);
  const total = pubkeyTiers.reduce((sum, tier) => sum + counts[tier], 0);
  const trail = readTrail(params, query.cursor);
  const previous = previousPage(trail);
  const href = (tier?: string, page: Partial<PageParams> = {}) => {
    const { cursor, page: number, back } = page;
    const search = new URLSearchParams({ ...(tier && { tier }), ...(cursor && { cursor }), ...(cursor && number && { page: number }), ...(cursor && back && { back }) }).toString();
    return search ? `/relay/pubkeys?${search}` : "/relay/pubkeys";
  };
  const tabs = [{ tier: undefined, label: "All", count: total }, ...pubkeyTiers.map((tier) => ({ tier, label: tier, count: counts[tier] }))];

  return (
    <>
      {header}
      {editable ? <SetTierForm /> : <div className="mb-4"><Notice>Your role ({principal.role}) can read tiers but not change them.</Notice></div>}
      <details className="mb-4 text-sm">
        <summary className="inline-flex min-h-11 cursor-pointer items-center font-medium text-accent">What the tiers mean</summary>
        <dl className="mt-1 grid gap-x-4 gap-y-1 sm:grid-cols-[6rem_1fr]">
          {pubkeyTiers.map((tier) => (
            <div key={tier} className="contents">
              <dt className="font-medium">{tier}</dt>
              <dd className="mb-1 text-muted sm:mb-0">{tierMeaning[tier]}</dd>
            </div>
          ))}
        </dl>
      </details>
      {/* On a phone the tabs fold behind one button naming the current one, as the queue's do. */}
      <FilterDisclosure label="Tier" summary={`${tabs.find((tab) => tab.tier === query.tier)?.label ?? "All"} (${formatCount(query.tier ? counts[query.tier] : total)})`}>
        <nav aria-label="Pubkeys by tier">
          <ul className="flex flex-wrap gap-2">
            {tabs.map((tab) => {
              const active = tab.tier === query.tier;
              return (
                <li key={tab.label}>
                  <Link
                    href={href(tab.tier)}
                    aria-current={active ? "page" : undefined}
                    data-testid={`tier-tab-${tab.tier ?? "all"}`}
                    className={`${pill} ${active ? "border-accent bg-accent-soft" : "border-line bg-surface text-muted hover:text-foreground"}`}
                  >
                    <span className="capitalize">{tab.label}</span>
                    <span className="rounded-full bg-surface-raised px-2 text-xs font-semibold tabular-nums">{formatCount(tab.count)}</span>
                  </Link>
                </li>
              );
            })}
          </ul>
        </nav>
      </FilterDisclosure>
      {page.rows.length === 0 ? (
        <EmptyState title={query.tier ? `No ${query.tier} pubkeys` : "No pubkeys set yet"} testId="pubkeys-empty">
          <p>Every pubkey not listed here is unknown. Set a tier above, or ban an author from the relay queue.</p>
        </EmptyState>
      ) : (
        <PubkeyTable rows={page.rows} editable={editable} />
      )}
      <Pager
        label="Pubkey pages"
        first={query.cursor ? { href: href(query.tier), text: "← First page" } : null}
        previous={previous ? { href: href(query.tier, previous), text: "← Previous" } : null}
        position={positionText(trail, PUBKEY_PAGE_SIZE, page.rows.length, query.tier ? counts[query.tier] : total)}
        next={page.nextCursor ? { href: href(query.tier, nextPage(trail, query.cursor, page.nextCursor)), text: "Next page →", testId: "pubkeys-next" } : null}
      />
    </>
  );
}
