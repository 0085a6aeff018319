import type { Metadata } from "next";
import { CountCard, CountGrid } from "@/components/count-card";
import { PageHeader } from "@/components/page-header";
import { can } from "@/lib/auth/permissions";
import { requirePagePrincipal } from "@/lib/auth/session";
import { overviewCounts } from "@/lib/dashboard/overview-counts";

export const dynamic = "force-dynamic";

export const metadata: Metadata = { title: "Overview" };

export default async function OverviewPage() {
  const principal = await requirePagePrincipal("/");
  const counts = await overviewCounts();

  return (
    <div data-testid="overview">
      <PageHeader title="Overview" description="What is waiting for a moderator, and what the service has done." />
      <CountGrid label="Counts">
        <CountCard
          testKey="flags"
          label="Pending flags"
          value={counts.flags}
          href="/flags"
          tone="attention"
          description="Labels in force that no one has cleared"
        />
        <CountCard
          testKey="batches"
          label="Open review batches"
          value={counts.batches}
          href="/batches"
          tone="attention"
          description="Batches with items still to decide"
        />
        <CountCard
          testKey="relay"
          label="Relay events waiting"
          value={counts.relay}
          href="/relay"
          tone="attention"
          description="Held events, pending or flagged by AI"
        />
        <CountCard
          testKey="labels"
          label="Labels emitted"
          value={counts.labels}
          href="/labels"
          description="Every label signed, negations included"
        />
        {can(principal.role, "audit:read") ? (
          <CountCard
            testKey="audit"
            label="Audit entries, last 24 h"
            value={counts.audit}
            href="/audit"
            description="Writes recorded with who made them"
          />
        ) : null}
        <CountCard
          testKey="tokens"
          label="Active tokens"
          value={counts.tokens}
          href="/settings"
          description="Moderator tokens not revoked"
        />
      </CountGrid>
    </div>
  );
}
