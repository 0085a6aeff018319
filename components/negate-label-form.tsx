"use client";

import { useRouter } from "next/navigation";
import { useId, useState, type FormEvent } from "react";
import { FormError } from "./form-error";
import { requestJson } from "./request-json";

const button = "inline-flex h-9 items-center justify-center rounded-lg px-3 text-sm font-medium disabled:cursor-wait disabled:opacity-70";

/**
 * Withdraws a label: asks for a reason (it goes in the audit log), posts it with the
 * session cookie, and re-renders the page; errors are shown in place.
 */
export function NegateLabelForm({ uri, val, cid }: { uri: string; val: string; cid: string | null }) {
  const router = useRouter();
  const id = useId();
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const reason = String(new FormData(event.currentTarget).get("reason") ?? "").trim();
    if (!reason) return setError("Give a reason: it is kept in the audit log.");
    setBusy(true);
    setError(null);
    const answer = await requestJson("/api/labels/negate", { body: { uri, val, ...(cid ? { cid } : {}), reason } });
    setBusy(false);
    if (!answer.ok) return setError(answer.error);
    setOpen(false);
    router.refresh();
  }

  if (!open) {
    return (
      <button type="button" onClick={() => setOpen(true)} className={`${button} border border-line text-danger hover:bg-surface-raised`} data-testid="negate-open">
        Negate…
      </button>
    );
  }
  return (
    <form onSubmit={onSubmit} noValidate className="w-full max-w-sm space-y-2">
      <label htmlFor={`${id}-reason`} className="block text-sm font-medium">
        Reason for negating {val}
      </label>
      <input
        id={`${id}-reason`}
        name="reason"
        required
        maxLength={2000}
        autoComplete="off"
        autoFocus
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${id}-error` : undefined}
        className="block h-10 w-full rounded-lg border border-line bg-background px-3 text-base outline-none focus-visible:border-accent focus-visible:outline-2 focus-visible:outline-ring"
        data-testid="negate-reason"
      />
      <div className="flex flex-wrap gap-2">
        <button type="submit" disabled={busy} className={`${button} bg-danger text-background`} data-testid="negate-submit">
          {busy ? "Negating…" : "Negate label"}
        </button>
        <button type="button" onClick={() => {
            setOpen(false);
            setError(null);
          }} className={`${button} border border-line`}>
          Cancel
        </button>
      </div>
      <FormError message={error} id={`${id}-error`} testId="negate-error" />
    </form>
  );
}
