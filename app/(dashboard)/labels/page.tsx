import type { Metadata } from "next";
import { CountCard, CountGrid } from "@/components/count-card";
import { EmptyState } from "@/components/empty-state";
import { PageHeader } from "@/components/page-header";
import { requirePagePrincipal } from "@/lib/auth/session";
import { countLabels } from "@/lib/dashboard/count-labels";

export const dynamic = "force-dynamic";

export const metadata: Metadata = { title: "Labels" };

export default async function LabelsPage() {
  await requirePagePrincipal("/labels");
  const counts = await countLabels();

  return (
    <>
      <PageHeader
        title="Labels"
        description="Signed ATProto labels this service emitted, as subscribers of its label stream receive them."
      />
      <CountGrid label="Label counts">
        <CountCard testKey="labels-emitted" label="Labels emitted" value={counts.emitted} description="Every emission, in sequence" />
        <CountCard testKey="labels-negations" label="Negations" value={counts.negations} description="Emissions that withdrew a label" />
        <CountCard testKey="labels-subjects" label="Subjects labelled" value={counts.subjects} description="Distinct accounts and records" />
      </CountGrid>
      <EmptyState title={counts.emitted === 0 ? "No labels yet" : "The label list is not built yet"} testId="labels-empty">
        <p>
          Labels will be listed here by sequence number, with their subject, value, and whether they are negated or
          expire, filterable by subject and value.
        </p>
      </EmptyState>
    </>
  );
}
