import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { Notice } from "@/components/notice";
import { ReviewBoard } from "@/components/review/review-board";
import { toReviewItems, toSubjectReviewItems, type ReviewItem } from "@/components/review/review-item";
import { can } from "@/lib/auth/permissions";
import { requirePagePrincipal } from "@/lib/auth/session";
import { batchKind, getBatchOrThrow } from "@/lib/flags/get-batch";
import { listBatches } from "@/lib/flags/list-batches";
import { getSubjectBatchOrThrow } from "@/lib/reports/get-subject-batch";

export const dynamic = "force-dynamic";

export const metadata: Metadata = { title: "Review batch" };

type Loaded = { items: ReviewItem[]; createdBy: string; act: string | null };

/**
 * The batch review, built for a phone: outside the dashboard shell, one card per flag
 * or report subject (decision 035). A link opened from a DM goes through the login page
 * and comes back here.
 */
export default async function ReviewPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const principal = await requirePagePrincipal(`/review/${encodeURIComponent(id)}`);
  const kind = await batchKind(id);
  if (!kind) notFound();
  const allowed = can(principal.role, kind === "reports" ? "reports:review" : "flags:review");
  const batch = allowed ? await load(id, kind) : null;
  const open = batch ? await listBatches({ status: "pending" }, 2) : null;
  const nextBatch = open?.batches.find((other) => other.id !== id);
  const noun = kind === "reports" ? "subject" : "flag";

  return (
    <main id="main" className="mx-auto max-w-2xl px-4 pt-4 pb-44">
      <header className="mb-3">
        <a href="/batches" className="inline-flex min-h-11 items-center text-sm font-medium text-accent">
          ← Batches
        </a>
        <h1 className="text-2xl font-semibold tracking-tight">{kind === "reports" ? "Review reports" : "Review batch"}</h1>
        {batch ? (
          <p className="text-sm text-muted" data-testid="review-meta">
            {batch.items.length} {noun}
            {batch.items.length === 1 ? "" : "s"}
            {batch.act ? ` · act: ${batch.act}` : ""} · created by {batch.createdBy} · you are {principal.name}
          </p>
        ) : null}
      </header>
      {batch ? (
        <ReviewBoard batchId={id} moderator={principal.name} initialItems={batch.items} act={batch.act} nextBatchUrl={nextBatch ? `/review/${nextBatch.id}` : null} />
      ) : (
        <Notice testId="review-forbidden">Your role ({principal.role}) cannot review {kind === "reports" ? "reports" : "flags"}.</Notice>
      )}
    </main>
  );
}

async function load(id: string, kind: "flags" | "reports"): Promise<Loaded> {
  if (kind === "reports") {
    const batch = await getSubjectBatchOrThrow(id);
    return { items: toSubjectReviewItems(batch), createdBy: batch.createdBy, act: batch.actLabel };
  }
  const batch = await getBatchOrThrow(id);
  return { items: toReviewItems(batch), createdBy: batch.createdBy, act: null };
}
