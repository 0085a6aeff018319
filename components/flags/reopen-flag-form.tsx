"use client";

import { useRouter } from "next/navigation";
import { useId, useState, type FormEvent } from "react";
import { showToast } from "../toast";
import { failureToast, reopenFlag } from "./flag-actions";
import { field, secondaryButton } from "./format";

/**
 * The way back from a resolution, on the resolved flag: the flag label is emitted
 * again and the audit log keeps who reopened it and why.
 */
export function ReopenFlagForm({ uri, title }: { uri: string; title: string }) {
  const router = useRouter();
  const id = useId();
  const [busy, setBusy] = useState(false);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (busy) return;
    const formElement = event.currentTarget;
    const reason = String(new FormData(formElement).get("reason") ?? "");
    setBusy(true);
    const answer = await reopenFlag(uri, reason);
    setBusy(false);
    if (!answer.ok) return showToast(failureToast(answer, title));
    formElement.reset();
    showToast({ tone: "success", text: `“${title}” is pending again: the flag label was emitted anew.`, duration: 6000 });
    router.refresh();
  }

  return (
    <form onSubmit={onSubmit} className="flex w-full flex-wrap items-end gap-2 sm:w-auto" data-testid="reopen-form">
      <label htmlFor={`${id}-reason`} className="sr-only">
        Why reopen this flag
      </label>
      <input id={`${id}-reason`} name="reason" required maxLength={2000} placeholder="Why reopen it?" className={`${field} min-w-0 flex-1 sm:w-56`} data-testid="reopen-reason" />
      <button type="submit" disabled={busy} className={secondaryButton} data-testid="reopen-submit">
        {busy ? "Reopening…" : "Reopen flag"}
      </button>
    </form>
  );
}
