import type { Metadata } from "next";
import { CountCard, CountGrid } from "@/components/count-card";
import { EmptyState } from "@/components/empty-state";
import { PageHeader } from "@/components/page-header";
import { requirePagePrincipal } from "@/lib/auth/session";
import { countBatches } from "@/lib/dashboard/count-batches";

export const dynamic = "force-dynamic";

export const metadata: Metadata = { title: "Review batches" };

export default async function BatchesPage() {
  await requirePagePrincipal("/batches");
  const counts = await countBatches();

  return (
    <>
      <PageHeader
        title="Review batches"
        description="Groups of pending flags to review on a phone: clear, defer or confirm each one."
      />
      <CountGrid label="Batch counts">
        <CountCard testKey="batches-pending" label="Open" value={counts.pending} tone="attention" description="Items still to decide" />
        <CountCard testKey="batches-completed" label="Completed" value={counts.completed} description="Every item decided" />
      </CountGrid>
      <EmptyState title={counts.pending === 0 ? "No batches are open" : "The batch list is not built yet"} testId="batches-empty">
        <p>
          Batches will be listed here, newest first, each with its progress and a link to review its flags one card at a
          time.
        </p>
      </EmptyState>
    </>
  );
}
