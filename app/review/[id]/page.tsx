import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { Notice } from "@/components/notice";
import { ReviewBoard } from "@/components/review/review-board";
import { toReviewItems } from "@/components/review/review-item";
import { can } from "@/lib/auth/permissions";
import { requirePagePrincipal } from "@/lib/auth/session";
import { isAppError } from "@/lib/errors";
import { getBatchOrThrow, type Batch } from "@/lib/flags/get-batch";
import { listBatches } from "@/lib/flags/list-batches";

export const dynamic = "force-dynamic";

export const metadata: Metadata = { title: "Review batch" };

/**
 * The batch review, built for a phone: outside the dashboard shell, one card per
 * flag. A link opened from a DM goes through the login page and comes back here.
 */
export default async function ReviewPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const principal = await requirePagePrincipal(`/review/${encodeURIComponent(id)}`);
  const batch = can(principal.role, "flags:review") ? await getBatchOrThrow(id).catch(notFoundOr) : null;
  const open = batch ? await listBatches({ status: "pending" }, 2) : null;
  const nextBatch = open?.batches.find((other) => other.id !== batch?.id);

  return (
    <main id="main" className="mx-auto max-w-2xl px-4 pt-4 pb-44">
      <header className="mb-3">
        <a href="/batches" className="inline-flex min-h-11 items-center text-sm font-medium text-accent">
          ← Batches
        </a>
        <h1 className="text-2xl font-semibold tracking-tight">Review batch</h1>
        {batch ? (
          <p className="text-sm text-muted">
            {batch.total} flag{batch.total === 1 ? "" : "s"} · created by {batch.createdBy} · you are {principal.name}
          </p>
        ) : null}
      </header>
      {batch ? (
        <ReviewBoard
          batchId={batch.id}
          moderator={principal.name}
          initialItems={toReviewItems(batch)}
          nextBatchUrl={nextBatch ? `/review/${nextBatch.id}` : null}
        />
      ) : (
        <Notice testId="review-forbidden">Your role ({principal.role}) cannot review flags.</Notice>
      )}
    </main>
  );
}

function notFoundOr(error: unknown): Batch {
  if (isAppError(error) && error.code === "not_found") notFound();
  throw error;
}
