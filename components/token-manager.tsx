"use client";

import { useRouter } from "next/navigation";
import { useRef, useState, type FormEvent } from "react";
import { roles } from "@/lib/auth/permissions";
import { requestJson } from "./request-json";
import { FormError } from "./form-error";
import { useHydrated } from "./relay/use-hydrated";

const input =
  "block h-11 w-full rounded-lg border border-line bg-background px-3 text-base outline-none focus-visible:border-accent focus-visible:outline-2 focus-visible:outline-offset-1 focus-visible:outline-ring";
const button =
  "inline-flex h-11 items-center justify-center rounded-lg px-4 font-semibold disabled:cursor-wait disabled:opacity-70";

/** Creates a token through the API and shows it once; the page never stores it. */
export function CreateTokenForm() {
  const router = useRouter();
  const [created, setCreated] = useState<{ name: string; token: string } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const inFlight = useRef(false);
  // Before hydration the browser would submit the form itself (a GET of this page).
  const hydrated = useHydrated();

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    // A second press while the first is in flight does nothing; the form is read and
    // reset here, not after the await (React has let go of the event by then).
    if (inFlight.current) return;
    const formElement = event.currentTarget;
    const form = new FormData(formElement);
    inFlight.current = true;
    setBusy(true);
    setError(null);
    const answer = await requestJson<{ name: string; token: string }>("/api/tokens", { body: { name: form.get("name"), role: form.get("role") } });
    inFlight.current = false;
    setBusy(false);
    // A failure leaves the token already shown where it is: it is never shown again.
    if (!answer.ok) return setError(answer.error);
    setCreated(answer.data);
    formElement.reset();
    router.refresh();
  }

  return (
    <form onSubmit={onSubmit} className="mb-4 grid gap-3 rounded-xl border border-line bg-surface p-4 sm:grid-cols-[1fr_10rem_auto] sm:items-end">
      <label className="space-y-1.5 text-sm font-medium">
        <span>Name</span>
        <input name="name" required maxLength={64} autoComplete="off" className={input} data-testid="new-token-name" />
      </label>
      <label className="space-y-1.5 text-sm font-medium">
        <span>Role</span>
        <select name="role" defaultValue="moderator" className={input} data-testid="new-token-role">
          {roles.map((role) => (
            <option key={role}>{role}</option>
          ))}
        </select>
      </label>
      <button type="submit" disabled={busy || !hydrated} className={`${button} bg-accent text-accent-foreground`} data-testid="new-token-submit">
        Create token
      </button>
      <FormError message={error} testId="token-error" className="sm:col-span-3" />
      {created ? (
        <div role="status" className="space-y-2 rounded-lg bg-accent-soft px-3 py-2 text-sm sm:col-span-3">
          <p>
            Token for <strong>{created.name}</strong>. Copy it now: it is not shown again.
          </p>
          <code className="block font-mono break-all select-all" data-testid="new-token-value">
            {created.token}
          </code>
        </div>
      ) : null}
    </form>
  );
}

/** Revokes one token; its sessions end on their next request. */
export function RevokeTokenButton({ name }: { name: string }) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function revoke() {
    if (!window.confirm(`Revoke the token "${name}"? Its sessions end at once.`)) return;
    setBusy(true);
    const answer = await requestJson(`/api/tokens/${encodeURIComponent(name)}`, { method: "DELETE" });
    setBusy(false);
    if (!answer.ok) return setError(answer.error);
    router.refresh();
  }

  return (
    <>
      <button type="button" onClick={revoke} disabled={busy} className={`${button} h-9 border border-line text-danger`} data-testid="revoke-token">
        Revoke
      </button>
      {error ? <span role="alert" className="ml-2 text-sm text-danger">{error}</span> : null}
    </>
  );
}
