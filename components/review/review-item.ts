import type { Batch } from "@/lib/flags/get-batch";
import { flagEvidence, type FlagEvidence } from "@/lib/flags/evidence";
import type { SubjectBatch } from "@/lib/reports/get-subject-batch";
import { shortReason } from "@/lib/reports/reason-types";
import type { SubjectContent } from "@/lib/reports/subject-content";
import { describeSubject } from "../reports/subject-label";

export type Decision = "clear" | "defer" | "confirm";

/** What a report subject's card shows beside the shared fields (decision 035). */
export type ReportEvidence = {
  kind: string;
  reasons: string[];
  reportCount: number;
  reporterCount: number;
  claimedBy: string | null;
  content: SubjectContent | undefined;
  inboxHref: string | null;
};

/** What a review card needs, and nothing more: these props are the page's payload to the phone. */
export type ReviewItem = FlagEvidence & {
  uri: string;
  /** A flag's (pending, resolved, expired) or a subject's review state (open, escalated, resolved, dismissed). */
  status: string;
  decision: Decision | null;
  decidedBy: string | null;
  report?: ReportEvidence;
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

/** Server side only: a report batch's subjects as review cards. */
export function toSubjectReviewItems(batch: SubjectBatch): ReviewItem[] {
  return batch.items.map(({ uri, decision, decidedBy, subject }) => {
    const described = subject ? describeSubject(subject.ref) : null;
    return {
      title: described?.text ?? "Subject deleted",
      artist: null,
      href: described?.href ?? null,
      score: null,
      matches: [],
      uri,
      status: subject?.state ?? "dismissed",
      decision,
      decidedBy,
      report: {
        kind: described?.kind ?? "Subject",
        reasons: subject?.reasonTypes.map(shortReason) ?? [],
        reportCount: subject?.reportCount ?? 0,
        reporterCount: subject?.reporterCount ?? 0,
        claimedBy: subject?.claimedBy ?? null,
        content: subject?.content,
        inboxHref: subject ? `/reports/${subject.id}` : null,
      },
    };
  });
}
