import { requestJson, type RequestFailure } from "../request-json";
import type { Decision } from "./review-item";

/** POST /admin/review/{id}/submit's answer (lib/flags/submit-decisions.ts), as far as the page reads it. */
export type SubmitAnswer = {
  status: "pending" | "completed";
  message: string;
  results: { uri: string; outcome: "applied" | "unchanged" | "conflict"; decided: { decision: Decision; by: string; at: string } }[];
  skipped: { uri: string; decision: string; reason: "unknown_decision" | "not_in_batch" | "conflicting_decisions" }[];
};

/**
 * Sends decisions with the session cookie. Resending after a failure is safe: the
 * server records each item once. Errors come back as sentences for the page.
 */
export async function submitReview(batchId: string, decisions: { uri: string; decision: Decision }[]): Promise<SubmitAnswer | RequestFailure> {
  const answer = await requestJson<SubmitAnswer>(`/admin/review/${encodeURIComponent(batchId)}/submit`, { body: { decisions } });
  if (!answer.ok) {
    const kept = "Your choices are kept on this device; submitting again is safe.";
    return { ...answer, error: answer.signIn ? `Your session has ended. Sign in again, then submit. ${kept}` : `${answer.error} ${kept}` };
  }
  return { ...answer.data, skipped: answer.data.skipped ?? [] };
}

export type UndoAnswer = { results: { uri: string; outcome: "undone" | "changed" | "not_in_batch"; reopened?: true }[]; message: string };

/** Takes back decisions this moderator just submitted (a clear's flag back in force); audited by the server. */
export function undoReview(batchId: string, decisions: { uri: string; decision: Decision }[]) {
  return requestJson<UndoAnswer>(`/admin/review/${encodeURIComponent(batchId)}/undo`, { body: { decisions } });
}

/** Why the server left a decision out, in the moderator's words. */
export const skippedReasons: Record<SubmitAnswer["skipped"][number]["reason"], string> = {
  unknown_decision: "not a decision Warden knows",
  not_in_batch: "no longer in this batch",
  conflicting_decisions: "sent twice with different decisions; choose again",
};
