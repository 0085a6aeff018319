"use client";

import { useRef, useState, type FormEvent, type ReactNode } from "react";
import { CopyButton } from "../copy-button";
import { requestJson, type RequestFailure } from "../request-json";
import { BATCH_FORM, field, primaryButton, secondaryButton } from "./format";

type Skipped = { uri: string; reason: string; batch_name?: string };
type Created = { url: string; review_url: string | null; flag_count: number; skipped: Skipped[] };

/**
 * Select flags (checkboxes anywhere below carry form="batch-form") and turn them
 * into a review batch, whose link can be copied and sent to a phone. The batch is
 * named by the moderator or after the view it came from (`defaultName`); flags the
 * server left out (already in an open batch, resolved meanwhile) are said, not dropped silently.
 */
export function BatchSelection({ children, defaultName }: { children: ReactNode; defaultName: string }) {
  const region = useRef<HTMLDivElement>(null);
  const [count, setCount] = useState(0);
  const [created, setCreated] = useState<Created | null>(null);
  const [error, setError] = useState<RequestFailure | null>(null);
  const [busy, setBusy] = useState(false);
  const inFlight = useRef(false);

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
    // A double press sends one request; success clears the selection, so pressing
    // again cannot batch the same flags twice.
    if (inFlight.current) return;
    const nameField = event.currentTarget.querySelector<HTMLInputElement>("[name=name]")!;
    const uris = new FormData(event.currentTarget).getAll("uri");
    const name = nameField.value.trim() || defaultName;
    inFlight.current = true;
    setBusy(true);
    setError(null);
    const answer = await requestJson<Created>("/admin/batches", { body: { uris, name } });
    inFlight.current = false;
    setBusy(false);
    if (!answer.ok) return setError(answer);
    for (const box of boxes()) box.checked = false;
    recount();
    nameField.value = "";
    setCreated(answer.data);
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
        <label className="flex min-w-0 flex-1 basis-56 items-center gap-2 text-sm font-medium">
          <span className="shrink-0">Batch name</span>
          <input name="name" maxLength={200} autoComplete="off" placeholder={defaultName} className={`${field} min-w-0`} data-testid="batch-name" />
        </label>
        <button type="submit" disabled={count === 0 || busy} className={primaryButton} data-testid="create-batch">
          {busy ? "Creating…" : "Create review batch"}
        </button>
        {error ? (
          <p role="alert" className="w-full rounded-lg bg-danger-soft px-3 py-2 text-sm text-danger" data-testid="batch-error">
            {error.error}{" "}
            {error.signIn ? (
              <a href={`/login?callbackUrl=${encodeURIComponent("/flags")}`} className="font-semibold underline">
                Sign in
              </a>
            ) : null}
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
            {created.skipped.length ? <SkippedList skipped={created.skipped} /> : null}
          </div>
        ) : null}
      </form>
      {children}
      {count > 0 ? (
        // Where the thumb is while scrolling a long list: the count and the action, as the relay queue has.
        <div className="sticky bottom-0 z-10 -mx-4 mt-3 flex items-center gap-3 border-t border-line bg-surface px-4 py-3 shadow-[0_-4px_12px_rgb(0_0_0/0.08)] md:mx-0 md:rounded-xl md:border" data-testid="selection-bar">
          <span className="flex-1 text-sm font-semibold tabular-nums">{count} selected</span>
          <button type="submit" form={BATCH_FORM} disabled={busy} className={primaryButton} data-testid="selection-create-batch">
            {busy ? "Creating…" : "Create batch"}
          </button>
        </div>
      ) : null}
    </div>
  );
}

/** What the server left out of the batch, and why, in a moderator's words. */
function SkippedList({ skipped }: { skipped: Skipped[] }) {
  const inBatch = skipped.filter((skip) => skip.reason === "in_batch");
  const other = skipped.length - inBatch.length;
  const names = [...new Set(inBatch.map((skip) => skip.batch_name))].join(", ");
  return (
    <span className="w-full" data-testid="batch-skipped">
      {inBatch.length ? `Left out ${inBatch.length} already in an open batch (${names}). ` : ""}
      {other ? `Left out ${other} no longer pending.` : ""}
    </span>
  );
}
