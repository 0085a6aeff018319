"use client";

import { useCallback, useEffect, useState, type FormEvent } from "react";
import type { DoctorCheck } from "@/lib/labels/network/doctor";
import { requestJson } from "../request-json";
import { button, field } from "./definition-editor";
import { FormError } from "../form-error";

const REFRESH_MS = 60_000;

/** The doctor's checks, refreshed every minute and when `refreshKey` changes, and the one action after a definition edit: re-publish. */
export function LabelerStatusCard({ refreshKey = 0 }: { refreshKey?: number }) {
  const [checks, setChecks] = useState<DoctorCheck[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [checkedAt, setCheckedAt] = useState<string | null>(null);

  const refresh = useCallback(async () => {
    // The route answers with cache-control: no-store, so each call asks the server again.
    const answer = await requestJson<{ checks: DoctorCheck[] }>("/api/labeler/status");
    if (!answer.ok) return setError(answer.error);
    setError(null);
    setChecks(answer.data.checks);
    setCheckedAt(new Date().toLocaleTimeString());
  }, []);

  useEffect(() => {
    // Fetched on mount, then every minute: the state is set after each answer arrives.
    // eslint-disable-next-line react-hooks/set-state-in-effect
    void refresh();
    const timer = setInterval(() => void refresh(), REFRESH_MS);
    return () => clearInterval(timer);
  }, [refresh, refreshKey]);

  const failing = checks?.filter((check) => !check.ok).length ?? 0;
  return (
    <section aria-labelledby="labeler-status-title" className="mt-8 rounded-xl border border-line bg-surface p-4 sm:p-5" data-testid="labeler-status">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h2 id="labeler-status-title" className="text-lg font-semibold">
          Labeler on the network
        </h2>
        <button type="button" onClick={() => void refresh()} className={`${button} border border-line`}>
          Check now
        </button>
      </div>
      <p className="mt-1 text-sm text-muted" aria-live="polite">
        {checks ? (failing ? `${failing} check(s) failing` : "Every check passes") : "Checking…"}
        {checkedAt ? ` · checked at ${checkedAt}` : ""}. The same checks as <code>npm run labeler -- doctor</code>.
      </p>
      <FormError message={error} className="mt-2" />
      <ul className="mt-3 grid gap-2">
        {checks?.map((check) => (
          <li key={check.name} className="rounded-lg border border-line p-3 text-sm" data-testid="labeler-check" data-ok={check.ok}>
            <p className="font-medium">
              <span aria-hidden>{check.ok ? "✓" : "✗"}</span> <code>{check.name}</code> <span className="sr-only">{check.ok ? "passes" : "fails"}</span>
            </p>
            <p className="mt-1 text-muted [overflow-wrap:anywhere]">{check.detail}</p>
            {check.fix ? <p className="mt-1 [overflow-wrap:anywhere]">Fix: {check.fix}</p> : null}
          </li>
        ))}
      </ul>
      <RepublishForm onDone={refresh} />
    </section>
  );
}

function RepublishForm({ onDone }: { onDone: () => Promise<void> }) {
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const [busy, setBusy] = useState(false);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    setBusy(true);
    const answer = await requestJson<{ changed: boolean }>("/api/labeler/publish", { body: { password: new FormData(form).get("password") } });
    setBusy(false);
    form.reset();
    if (!answer.ok) return setMessage({ ok: false, text: answer.error });
    setMessage({ ok: true, text: answer.data.changed ? "Service record published." : "Service record unchanged: nothing to publish." });
    await onDone();
  }

  return (
    <form onSubmit={onSubmit} className="mt-4 grid gap-2 sm:grid-cols-[1fr_auto] sm:items-end">
      <label className="space-y-1.5 text-sm font-medium">
        <span>Re-publish the service record (after editing definitions): the labeler account&apos;s app password, used once and never stored</span>
        <input name="password" type="password" required autoComplete="off" className={field} data-testid="republish-password" />
      </label>
      <button type="submit" disabled={busy} className={`${button} bg-accent text-accent-foreground`} data-testid="republish-submit">
        Re-publish
      </button>
      {message ? (
        <p role={message.ok ? "status" : "alert"} className={`rounded-lg px-3 py-2 text-sm sm:col-span-2 ${message.ok ? "bg-accent-soft" : "bg-danger-soft text-danger"}`}>
          {message.text}
        </p>
      ) : null}
    </form>
  );
}
