import type { Metadata } from "next";
import { CountCard, CountGrid } from "@/components/count-card";
import { EmptyState } from "@/components/empty-state";
import { PageHeader } from "@/components/page-header";
import { requirePagePrincipal } from "@/lib/auth/session";
import { countRelayEvents, undecidedRelayStatuses } from "@/lib/dashboard/count-relay-events";

export const dynamic = "force-dynamic";

export const metadata: Metadata = { title: "Relay queue" };

export default async function RelayPage() {
  await requirePagePrincipal("/relay");
  const counts = await countRelayEvents();
  const waiting = undecidedRelayStatuses.reduce((sum, status) => sum + counts[status], 0);

  return (
    <>
      <PageHeader
        title="Relay queue"
        description="Nostr events the relay's write policy held back until someone decides on them."
      />
      <CountGrid label="Relay events by status">
        <CountCard testKey="relay-pending" label="Pending" value={counts.pending} tone="attention" description="Waiting for review" />
        <CountCard testKey="relay-ai_flagged" label="Flagged by AI" value={counts.ai_flagged} tone="attention" description="AI asked for a human decision" />
        <CountCard testKey="relay-approved" label="Approved" value={counts.approved} description="Approved by a moderator" />
        <CountCard testKey="relay-auto_approved" label="Auto-approved" value={counts.auto_approved} description="Approved by AI review" />
        <CountCard testKey="relay-rejected" label="Rejected" value={counts.rejected} description="Never published" />
      </CountGrid>
      <EmptyState title={waiting === 0 ? "Nothing is waiting" : "The queue list is not built yet"} testId="relay-empty">
        <p>
          Held events will be listed here, oldest first, with their author and content, to approve (publish to the relay)
          or reject.
        </p>
      </EmptyState>
    </>
  );
}
