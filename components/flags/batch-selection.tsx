"use client";

import { useRef, useState, type FormEvent, type ReactNode } from "react";
import { CopyButton } from "../copy-button";
import { BATCH_FORM, errorMessage, primaryButton, secondaryButton } from "./format";

type Created = { url: string; review_url: string | null; flag_count: number };

/**
 * Select flags (checkboxes anywhere below carry form="batch-form") and turn them
 * into a review batch, whose link can be copied and sent to a phone.
 */
export function BatchSelection({ children }: { children: ReactNode }) {
  const region = useRef<HTMLDivElement>(null);
  const [count, setCount] = useState(0);
  const [created, setCreated] = useState<Created | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const boxes = () => [...(region.current?.querySelectorAll<HTMLInputElement>(`input[form="${BATCH_FORM}"]`) ?? [])];
  const recount = () => setCount(boxes().filter((box) => box.checked).length);

  function selectAll() {
    const all = boxes();
    const select = all.some((box) => !box.checked);
    for (const box of all) box.checked = select;
    recount();
  }

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const uris = new FormData(event.currentTarget).getAll("uri");
    setBusy(true);
    setError(null);
    const response = await fetch("/admin/batches", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ uris }),
    }).catch(() => null);
    setBusy(false);
    if (!response) return setError("Could not reach Warden. Try again.");
    if (!response.ok) return setError(await errorMessage(response));
    setCreated(await response.json());
  }

  const link = created ? (created.review_url ?? new URL(created.url, window.location.href).href) : "";
  return (
    <div ref={region} onChange={recount}>
      <form id={BATCH_FORM} onSubmit={onSubmit} className="mb-3 flex flex-wrap items-center gap-3 rounded-xl border border-line bg-surface p-3">
        <span className="text-sm font-medium tabular-nums" data-testid="selected-count" aria-live="polite">
          {count} selected
        </span>
        <button type="button" onClick={selectAll} className={secondaryButton}>
          Select all on this page
        </button>
        <button type="submit" disabled={count === 0 || busy} className={primaryButton} data-testid="create-batch">
          {busy ? "Creating…" : "Create review batch"}
        </button>
        {error ? (
          <p role="alert" className="w-full rounded-lg bg-danger-soft px-3 py-2 text-sm text-danger">
            {error}
          </p>
        ) : null}
        {created ? (
          <div role="status" className="flex w-full flex-wrap items-center gap-3 rounded-lg bg-accent-soft px-3 py-2 text-sm" data-testid="batch-created">
            <span>
              Batch of {created.flag_count} created:{" "}
              <a href={created.url} className="font-semibold break-all underline" data-testid="batch-link">
                {link}
              </a>
            </span>
            <CopyButton value={link} label="the batch link" text="Copy link" testId="copy-link" />
          </div>
        ) : null}
      </form>
      {children}
    </div>
  );
}
