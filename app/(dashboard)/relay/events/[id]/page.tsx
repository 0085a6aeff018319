import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { AuditTable } from "@/components/audit-table";
import { PageHeader } from "@/components/page-header";
import { QueueController } from "@/components/relay/queue-controller";
import { QueueItemCard } from "@/components/relay/queue-item";
import { can } from "@/lib/auth/permissions";
import { requirePagePrincipal } from "@/lib/auth/session";
import { queryAuditLog } from "@/lib/dashboard/query-audit-log";
import { isUndecided } from "@/lib/relay/queue-item";
import { queryQueueItem } from "@/lib/relay/views/query-queue-page";
import { queueHref } from "@/lib/relay/views/queue-query";
import { latestDecisions } from "@/lib/triage/views/latest-decisions";

export const dynamic = "force-dynamic";

export const metadata: Metadata = { title: "Relay event" };

/** One held event whatever its status (what audit entries and triage rows link to), with its history. */
export default async function RelayEventPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const principal = await requirePagePrincipal(`/relay/events/${encodeURIComponent(id)}`);
  if (!/^[0-9a-f]{64}$/.test(id)) notFound();
  const item = await queryQueueItem(id);
  if (!item) notFound();
  const canReadAudit = can(principal.role, "audit:read");
  const [ai, history] = await Promise.all([latestDecisions("relay", [id]), canReadAudit ? queryAuditLog({ subject: `event:${id}` }) : null]);
  const canDecide = can(principal.role, "relay:decide");
  const entry = { id, pubkey: item.pubkey, undecided: isUndecided(item.status), authorBlocked: item.author.tier === "blocked" };

  return (
    <>
      <Link href={queueHref({ status: item.status })} className="mb-2 inline-flex min-h-11 items-center text-sm font-medium text-accent">
        ← Relay queue
      </Link>
      <PageHeader title="Relay event" description={<span className="font-mono text-sm [overflow-wrap:anywhere]">{id}</span>} />
      <QueueController entries={[entry]} canDecide={canDecide} canBan={can(principal.role, "relay:trust")}>
        <QueueItemCard item={item} canDecide={canDecide} aiDecision={ai.get(id)} />
      </QueueController>
      {history ? (
        <section className="mt-8" aria-labelledby="event-history">
          <h2 id="event-history" className="mb-3 text-lg font-semibold">
            History
          </h2>
          {history.entries.length ? <AuditTable entries={history.entries} /> : <p className="text-sm text-muted">No audit entry names this event.</p>}
        </section>
      ) : null}
    </>
  );
}
