import type { Batch } from "@/lib/flags/get-batch";
import { flagEvidence, type FlagEvidence } from "@/lib/flags/evidence";

export type Decision = "clear" | "defer" | "confirm";

/** What a review card needs, and nothing more: these props are the page's payload to the phone. */
export type ReviewItem = FlagEvidence & {
  uri: string;
  status: "pending" | "resolved" | "expired";
  decision: Decision | null;
  decidedBy: string | null;
};

/** Server side only: a batch's items as review cards (the top three matches each, as the seed showed). */
export function toReviewItems(batch: Batch): ReviewItem[] {
  return batch.items.map(({ uri, decision, decidedBy, flag }) => ({
    ...flagEvidence(uri, flag?.context),
    uri,
    status: flag?.status ?? "pending",
    decision,
    decidedBy,
  }));
}
