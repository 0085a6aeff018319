import type { Metadata } from "next";
import Link from "next/link";
import { EmptyState } from "@/components/empty-state";
import { Notice } from "@/components/notice";
import { PageHeader } from "@/components/page-header";
import { BulkBar } from "@/components/relay/bulk-bar";
import { QueueController } from "@/components/relay/queue-controller";
import type { QueueEntry } from "@/components/relay/queue-state";
import { QueueItemCard } from "@/components/relay/queue-item";
import { QueueTabs } from "@/components/relay/queue-tabs";
import { QueueToolbar } from "@/components/relay/queue-toolbar";
import { ShortcutsHelp } from "@/components/relay/shortcuts-help";
import { UnbanButton } from "@/components/relay/unban-button";
import { can } from "@/lib/auth/permissions";
import { requirePagePrincipal } from "@/lib/auth/session";
import { pagePath, type SearchParams } from "@/lib/dashboard/page-path";
import { countRelayEvents } from "@/lib/dashboard/count-relay-events";
import { npubOf, shortNpub } from "@/lib/relay/views/pubkey-text";
import { unbanTier } from "@/lib/relay/views/pubkey-tier";
import { QUEUE_PAGE_SIZE, queryQueuePage } from "@/lib/relay/views/query-queue-page";
import { nextPage, positionText, previousPage, readTrail, type PageParams } from "@/lib/dashboard/page-trail";
import { isUndecided } from "@/lib/relay/queue-item";
import { encodeCursor, queueHref, queuePageQuerySchema, queueTabLabels, type QueueTab } from "@/lib/relay/views/queue-query";
import { latestDecisions } from "@/lib/triage/views/latest-decisions";
import { Pager } from "@/components/pager";
import { secondaryButton } from "@/components/flags/format";
import { InvalidQueryNotice } from "@/components/invalid-query-notice";

export const dynamic = "force-dynamic";

export const metadata: Metadata = { title: "Relay queue" };

const emptyText: Record<QueueTab, string> = {
  pending: "Events the write policy holds for review appear here, oldest first.",
  ai_flagged: "Events the AI review asked a human to look at appear here, with its reason.",
  approved: "Events a moderator approved appear here with their delivery to the relay.",
  auto_approved: "Events the AI review approved appear here with their delivery to the relay.",
  rejected: "Rejected events appear here; they were never published.",
};

export default async function RelayPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const params = await searchParams;
  const principal = await requirePagePrincipal(pagePath("/relay", params));
  const header = (
    <PageHeader title="Relay queue" description="Nostr events the relay's write policy held back until someone decides on them.">
      <Link href="/relay/pubkeys" className={secondaryButton} data-testid="pubkeys-link">
        Pubkeys and tiers →
      </Link>
    </PageHeader>
  );

  const parsed = queuePageQuerySchema.safeParse(params);
  if (!parsed.success) {
    return (
      <>
        {header}
        <InvalidQueryNotice testId="queue-error" href="/relay" linkText="Show the pending events">
          This view is not valid: {parsed.error.issues[0]?.message ?? "unknown parameter"}.
        </InvalidQueryNotice>
      </>
    );
  }

  const query = parsed.data;
  const canBan = can(principal.role, "relay:trust");
  const [counts, page, unbanTo] = await Promise.all([
    countRelayEvents(query.author),
    queryQueuePage(query),
    query.author && canBan ? unbanTier(query.author) : null,
  ]);
  const aiDecisions = await latestDecisions("relay", page.items.map((item) => item.id));
  const canDecide = can(principal.role, "relay:decide");
  const entries: QueueEntry[] = page.items.map((item) => ({
    id: item.id,
    pubkey: item.pubkey,
    undecided: isUndecided(item.status),
    authorBlocked: item.author.tier === "blocked",
  }));
  const pageHref = (at: Partial<PageParams> = {}) => queueHref({ status: query.status, author: query.author, ...at });
  const cursor = query.cursor ? encodeCursor(query.cursor) : undefined;
  const trail = readTrail(params, cursor);
  const previous = previousPage(trail);

  return (
    <>
      {header}
      {query.author ? (
        <p className="mb-3 flex flex-wrap items-center gap-2 text-sm" data-testid="author-filter">
          Only events by <span className="font-mono font-medium">{shortNpub(npubOf(query.author))}</span>
          {unbanTo ? (
            <>
              <span className="font-medium text-danger">banned</span>
              <UnbanButton pubkey={query.author} to={unbanTo} />
            </>
          ) : null}
          <Link href={queueHref({ status: query.status })} className="inline-flex min-h-11 items-center rounded-lg px-2 font-medium text-accent underline underline-offset-2">
            Show every author
          </Link>
        </p>
      ) : null}
      <QueueTabs current={query.status} counts={counts} author={query.author} />
      {canDecide ? null : (
        <div className="mb-4">
          <Notice testId="queue-read-only">Your role ({principal.role}) can read the queue but not decide or ban.</Notice>
        </div>
      )}
      <QueueController entries={entries} canDecide={canDecide} canBan={canBan}>
        {page.items.length === 0 ? (
          <EmptyState title={query.cursor ? "No more events here" : `No ${queueTabLabels[query.status].toLowerCase()} events`} testId="queue-empty">
            <p>{emptyText[query.status]}</p>
          </EmptyState>
        ) : (
          <>
            <QueueToolbar selectable={isUndecided(query.status)} />
            <ol aria-label={`${queueTabLabels[query.status]} events`} className="space-y-3" data-testid="queue-list">
              {page.items.map((item) => (
                <li key={item.id}>
                  <QueueItemCard item={item} canDecide={canDecide} aiDecision={aiDecisions.get(item.id)} />
                </li>
              ))}
            </ol>
          </>
        )}
        <BulkBar />
        <ShortcutsHelp />
      </QueueController>
      <Pager
        label="Queue pages"
        first={query.cursor ? { href: pageHref(), text: "← First page" } : null}
        previous={previous ? { href: pageHref(previous), text: "← Previous" } : null}
        position={positionText(trail, QUEUE_PAGE_SIZE, page.items.length, counts[query.status])}
        next={page.nextCursor ? { href: pageHref(nextPage(trail, cursor, page.nextCursor)), text: "Next page →", testId: "queue-next" } : null}
      />
    </>
  );
}
