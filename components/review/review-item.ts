import type { Batch } from "@/lib/flags/get-batch";
import { contentUrl } from "@/lib/flags/content-link";

export type Decision = "clear" | "defer" | "confirm";

/** What a review card needs, and nothing more: these props are the page's payload to the phone. */
export type ReviewItem = {
  uri: string;
  title: string;
  artist: string | null;
  href: string | null;
  score: number | null;
  matches: { title: string; artist: string; score: number }[];
  status: "pending" | "resolved" | "expired";
  decision: Decision | null;
  decidedBy: string | null;
};

/** Server side only: a batch's items as review cards (three matches each, as the seed showed). */
export function toReviewItems(batch: Batch): ReviewItem[] {
  return batch.items.map(({ uri, decision, decidedBy, flag }) => {
    const context = flag?.context;
    return {
      uri,
      title: context?.trackTitle ?? "Unknown track",
      artist: context?.artistHandle ?? null,
      href: contentUrl(uri, context?.trackId ?? null),
      score: context?.highestScore ?? null,
      matches: (context?.matches ?? []).slice(0, 3),
      status: flag?.status ?? "pending",
      decision,
      decidedBy,
    };
  });
}
