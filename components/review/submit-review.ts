import type { Decision } from "./review-item";

export type SubmitAnswer = {
  status: "pending" | "completed";
  message: string;
  results: { uri: string; outcome: "applied" | "unchanged" | "conflict"; decided: { decision: Decision; by: string } }[];
};

/**
 * Sends decisions with the session cookie. Resending after a failure is safe: the
 * server records each item once. Errors come back as sentences for the page.
 */
export async function submitReview(
  batchId: string,
  decisions: { uri: string; decision: Decision }[],
): Promise<SubmitAnswer | { error: string; signIn?: true }> {
  let response: Response;
  try {
    response = await fetch(`/admin/review/${batchId}/submit`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ decisions }),
    });
  } catch {
    return { error: "Could not reach Warden. Your choices are kept here; submitting again is safe." };
  }
  if (response.ok) return (await response.json()) as SubmitAnswer;
  if (response.status === 401) return { error: "Your session has ended. Sign in again, then submit: your choices are kept in this tab.", signIn: true };
  const body = (await response.json().catch(() => null)) as { error?: { message?: string } } | null;
  return { error: body?.error?.message ?? `Submitting failed (${response.status}). Try again.` };
}
