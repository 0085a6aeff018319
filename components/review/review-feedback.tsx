import type { ToastAction, ToastContent } from "../toast";
import type { ReviewItem } from "./review-item";
import type { ReviewWords } from "./review-words";
import { skippedReasons, type SubmitAnswer } from "./submit-review";

/**
 * What a submission came to, for the toast: how many were saved, who decided first
 * where someone did, what the server left out and why, and, when the batch is done,
 * the way to the next open batch. `onUndo` (when this submission decided anything) is
 * the Undo button.
 */
export function submitFeedback(answer: SubmitAnswer, items: ReviewItem[], words: ReviewWords, nextBatchUrl: string | null, onUndo?: () => void): ToastContent {
  const decisionWords = (decision: keyof ReviewWords["choices"]) => words.choices[decision].label.toLowerCase();
  const title = (uri: string) => items.find((item) => item.uri === uri)?.title ?? uri;
  const saved = answer.results.filter((r) => r.outcome !== "conflict").length;
  const conflicts = answer.results.filter((r) => r.outcome === "conflict");
  const lines = [`Saved ${saved} decision${saved === 1 ? "" : "s"}.`];
  for (const c of conflicts) lines.push(`${c.decided.by} decided “${title(c.uri)}” first (${decisionWords(c.decided.decision)}, ${time(c.decided.at)}).`);
  for (const s of answer.skipped) {
    const why = s.reason === "claimed" && s.by ? `claimed by ${s.by}; kept on this device, submit again once the claim is released` : (skippedReasons[s.reason] ?? s.reason);
    lines.push(`Not saved: “${title(s.uri)}”, ${why}.`);
  }
  const complete = answer.status === "completed";
  if (complete) lines.unshift("Batch complete.");
  const actions: ToastAction[] = [];
  if (onUndo) actions.push({ label: "Undo", onClick: onUndo, testId: "toast-undo" });
  if (complete) actions.push(nextBatchUrl ? { label: "Next batch", href: nextBatchUrl, testId: "next-batch" } : { label: "All batches", href: "/batches", testId: "next-batch" });
  return {
    tone: conflicts.length || answer.skipped.length ? "info" : "success",
    text: (
      <span data-testid="submit-feedback">
        {lines.map((line, i) => (
          <span key={i} className="block">
            {line}
          </span>
        ))}
      </span>
    ),
    actions: actions.length ? actions : undefined,
    // Long enough to reach Undo; what needs reading (a conflict, a skip, the way on) stays.
    duration: complete || conflicts.length || answer.skipped.length ? undefined : onUndo ? 8000 : 5000,
  };
}

function time(at: string): string {
  const date = new Date(at);
  return Number.isNaN(date.getTime()) ? at : date.toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });
}
