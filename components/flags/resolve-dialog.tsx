"use client";

import { useRouter } from "next/navigation";
import { useId, useRef, useState, type FormEvent } from "react";
import { reasonLabels, resolutionReasons } from "@/lib/flags/flag-definition";
import { useHydrated } from "../relay/use-hydrated";
import { requestJson, type RequestFailure } from "../request-json";
import { showToast, signInHref } from "../toast";
import { failureToast, resolvedToast } from "./flag-actions";
import { field, primaryButton, secondaryButton } from "./format";

/** "Resolve" opens a modal dialog asking why; resolving emits a signed negation label. */
export function ResolveButton({ uri, title }: { uri: string; title: string }) {
  const router = useRouter();
  const dialog = useRef<HTMLDialogElement>(null);
  const id = useId();
  const [error, setError] = useState<RequestFailure | null>(null);
  const [busy, setBusy] = useState(false);
  // Disabled until hydrated: a tap on a slow phone before then would open nothing.
  const hydrated = useHydrated();

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (busy) return;
    const form = new FormData(event.currentTarget);
    setBusy(true);
    setError(null);
    const answer = await requestJson("/admin/resolve", {
      body: { uri, val: "copyright-violation", reason: form.get("reason"), notes: form.get("notes") || undefined },
    });
    setBusy(false);
    if (!answer.ok && answer.status !== 409) return setError(answer);
    // Resolved, by this request or (409) by someone first: either way the row is done.
    dialog.current?.close();
    showToast(answer.ok ? resolvedToast(uri, title, router.refresh) : failureToast(answer, title));
    router.refresh();
  }

  return (
    <>
      <button type="button" onClick={() => dialog.current?.showModal()} disabled={!hydrated} className={secondaryButton} data-testid="resolve-open">
        Resolve
      </button>
      <dialog
        ref={dialog}
        aria-labelledby={`${id}-title`}
        className="m-auto w-[min(28rem,calc(100vw-2rem))] rounded-xl border border-line bg-surface p-0 text-foreground backdrop:bg-black/50"
      >
        <form onSubmit={onSubmit} className="space-y-4 p-5" data-testid="resolve-form">
          <h2 id={`${id}-title`} className="text-lg font-semibold [overflow-wrap:anywhere]">
            Resolve “{title}”
          </h2>
          <fieldset>
            <legend className="mb-2 text-sm font-medium">Why is this flag wrong?</legend>
            <div className="grid gap-1">
              {resolutionReasons.map((reason, index) => (
                <label key={reason} className="flex min-h-11 cursor-pointer items-center gap-3 rounded-lg px-2 hover:bg-surface-raised">
                  <input type="radio" name="reason" value={reason} required defaultChecked={index === 0} className="size-5 accent-accent" />
                  {reasonLabels[reason]}
                </label>
              ))}
            </div>
          </fieldset>
          <label className="block space-y-1 text-sm font-medium">
            <span>Notes (optional)</span>
            <textarea name="notes" maxLength={2000} rows={3} className={`${field} h-auto py-2`} />
          </label>
          {error ? (
            <p role="alert" className="rounded-lg bg-danger-soft px-3 py-2 text-sm text-danger [overflow-wrap:anywhere]" data-testid="resolve-error">
              {error.error}{" "}
              {error.signIn ? (
                <a href={signInHref()} className="font-semibold underline">
                  Sign in
                </a>
              ) : null}
            </p>
          ) : null}
          <div className="flex justify-end gap-2">
            <button type="button" onClick={() => dialog.current?.close()} className={secondaryButton}>
              Cancel
            </button>
            <button type="submit" disabled={busy} className={primaryButton} data-testid="resolve-submit">
              {busy ? "Resolving…" : "Resolve flag"}
            </button>
          </div>
        </form>
      </dialog>
    </>
  );
}
