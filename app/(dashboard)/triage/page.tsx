import type { Metadata } from "next";
import { CountCard, CountGrid } from "@/components/count-card";
import { EmptyState } from "@/components/empty-state";
import { PageHeader } from "@/components/page-header";
import { requirePagePrincipal } from "@/lib/auth/session";
import { countFlags } from "@/lib/dashboard/count-flags";
import { countRelayEvents } from "@/lib/dashboard/count-relay-events";

export const dynamic = "force-dynamic";

export const metadata: Metadata = { title: "Triage" };

export default async function TriagePage() {
  await requirePagePrincipal("/triage");
  const [flags, relay] = await Promise.all([countFlags(), countRelayEvents()]);

  return (
    <>
      <PageHeader
        title="Triage"
        description="An AI model can sort pending work before a moderator sees it; it only ever withholds, never deletes."
      />
      <EmptyState title="AI triage is not configured" testId="triage-empty">
        <p>
          Nothing is sent to a model. Once triage is set up, its runs will be listed here: what it looked at, what it
          decided (false positive, violation, or needs a human), and which decisions a moderator overrode.
        </p>
      </EmptyState>
      <h2 className="mt-8 mb-3 text-lg font-semibold">Work triage would look at</h2>
      <CountGrid label="Items waiting for triage">
        <CountCard testKey="triage-flags" label="Pending flags" value={flags.pending} href="/flags" />
        <CountCard testKey="triage-relay" label="Pending relay events" value={relay.pending} href="/relay" />
      </CountGrid>
    </>
  );
}
