import type { Metadata } from "next";
import { CountCard, CountGrid } from "@/components/count-card";
import { EmptyState } from "@/components/empty-state";
import { PageHeader } from "@/components/page-header";
import { requirePagePrincipal } from "@/lib/auth/session";
import { countFlags } from "@/lib/dashboard/count-flags";

export const dynamic = "force-dynamic";

export const metadata: Metadata = { title: "Flags" };

export default async function FlagsPage() {
  await requirePagePrincipal("/flags");
  const counts = await countFlags();

  return (
    <>
      <PageHeader
        title="Flags"
        description="Subjects carrying a label in force, such as a copyright match raised by a scanner."
      />
      <CountGrid label="Flag counts">
        <CountCard testKey="flags-pending" label="Pending" value={counts.pending} tone="attention" description="Labels still in force" />
        <CountCard testKey="flags-resolved" label="Resolved" value={counts.resolved} description="Cleared with a negation label" />
        <CountCard testKey="flags-expired" label="Expired" value={counts.expired} description="Labels whose expiry has passed" />
      </CountGrid>
      <EmptyState title={counts.pending === 0 ? "No flags are waiting" : "The flag list is not built yet"} testId="flags-empty">
        <p>
          Each flagged subject will be listed here with what the scanner reported (track, artist, match score), oldest
          first, and a way to resolve it with a reason. Resolving emits a signed negation label.
        </p>
      </EmptyState>
    </>
  );
}
