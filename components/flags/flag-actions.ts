import { requestJson, type RequestFailure } from "../request-json";
import { showToast, signInAction, type ToastContent } from "../toast";

/** POST /admin/reopen: the flag back in force (its negation negated), audited with the reason. */
export function reopenFlag(uri: string, reason: string) {
  return requestJson<{ message: string }>("/admin/reopen", { body: { uri, reason } });
}

/** A failed flag action as a toast: a 409 says who got there first, never the raw URI. */
export function failureToast(failure: RequestFailure, what: string): ToastContent {
  const details = failure.details as { resolved_by?: string; resolved_at?: string | null } | undefined;
  if (failure.status === 409 && details?.resolved_by) {
    const at = details.resolved_at ? ` at ${new Date(details.resolved_at).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" })}` : "";
    return { tone: "error", text: `${details.resolved_by} resolved “${what}” first${at}.` };
  }
  return { tone: "error", text: failure.error, actions: failure.signIn ? [signInAction()] : undefined };
}

/** Undo right after a resolution, and the result of that undo, in the one toast. */
export function resolvedToast(uri: string, title: string, refresh: () => void): ToastContent {
  return {
    tone: "success",
    text: `Resolved “${title}”: a negation label was emitted.`,
    duration: 8000,
    actions: [
      {
        label: "Undo",
        testId: "toast-undo",
        onClick: async () => {
          const answer = await reopenFlag(uri, "undo right after resolving");
          showToast(answer.ok ? { tone: "success", text: `“${title}” is pending again.`, duration: 5000 } : failureToast(answer, title));
          refresh();
        },
      },
    ],
  };
}
