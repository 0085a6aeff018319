import { requestJson, type RequestFailure } from "../request-json";
import type { Decision } from "./review-item";

/**
 * The submit's answer (lib/flags/submit-decisions.ts, lib/reports/decide-subjects.ts), as
 * far as the page reads it: a report batch adds the subject's `state` and `claimed` skips.
 */
export type SubmitAnswer = {
  status: "pending" | "completed";
  message: string;
  results: { uri: string; outcome: "applied" | "unchanged" | "conflict"; decided: { decision: Decision; by: string; at: string }; state?: string }[];
  skipped: { uri: string; decision: string; reason: "unknown_decision" | "not_in_batch" | "conflicting_decisions" | "claimed"; by?: string }[];
};

/** Where a batch's submit and undo are: the flags' plyr.fm routes, or the reports' own. */
export const batchApi = (batchId: string, reports: boolean) =>
  reports ? `/api/reports/batches/${encodeURIComponent(batchId)}` : `/admin/review/${encodeURIComponent(batchId)}`;

/**
 * Sends decisions with the session cookie. Resending after a failure is safe: the
 * server records each item once. Errors come back as sentences for the page.
 */
export async function submitReview(api: string, decisions: { uri: string; decision: Decision }[]): Promise<SubmitAnswer | RequestFailure> {
  const answer = await requestJson<SubmitAnswer>(`${api}/submit`, { body: { decisions } });
  if (!answer.ok) {
    const kept = "Your choices are kept on this device; submitting again is safe.";
    return { ...answer, error: answer.signIn ? `Your session has ended. Sign in again, then submit. ${kept}` : `${answer.error} ${kept}` };
  }
  return { ...answer.data, skipped: answer.data.skipped ?? [] };
}

export type UndoAnswer = { results: { uri: string; outcome: "undone" | "changed" | "claimed" | "not_in_batch"; reopened?: true; state?: string }[]; message: string };

/** Takes back decisions this moderator just submitted (a clear's flag back in force, a subject back where it was); audited by the server. */
export function undoReview(api: string, decisions: { uri: string; decision: Decision }[]) {
  return requestJson<UndoAnswer>(`${api}/undo`, { body: { decisions } });
}

/** Why the server left a decision out, in the moderator's words. */
export const skippedReasons: Record<SubmitAnswer["skipped"][number]["reason"], string> = {
  unknown_decision: "not a decision Warden knows",
  not_in_batch: "no longer in this batch",
  conflicting_decisions: "sent twice with different decisions; choose again",
  claimed: "claimed by another moderator; kept on this device, submit again once the claim is released",
};
