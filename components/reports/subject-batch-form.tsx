"use client";

import { useEffect, useRef, useState } from "react";
import { CopyButton } from "@/components/copy-button";
import { buttonClass, fieldBase } from "@/components/relay/styles";
import { requestJson, type RequestFailure } from "@/components/request-json";
import { FormError } from "@/components/form-error";

type Skipped = { id: number; reason: string; batch_name?: string; state?: string };
type Created = { url: string; review_url: string | null; subject_count: number; skipped: Skipped[] };

const skipWords: Record<string, string> = {
  closed: "already resolved or dismissed",
  in_batch: "already in an open batch",
  not_labelable: "Nostr subjects cannot take a label",
  duplicate: "given twice",
  unknown: "no longer exists",
  batch_full: "past the batch's size",
};

/**
 * "N selected · Create batch": the ticked subjects become a review batch for the phone
 * (decision 035), whose "act" button does what is chosen here: resolve, escalate, or
 * apply a label (which resolves). The link can be opened at once or copied to a phone.
 */
export function SubjectBatchForm({ form, canLabel, busy }: { form: string; canLabel: boolean; busy: boolean }) {
  const [count, setCount] = useState(0);
  const [act, setAct] = useState<"resolve" | "escalate" | "label">("resolve");
  const [val, setVal] = useState("");
  const [pending, setPending] = useState(false);
  const [created, setCreated] = useState<Created | null>(null);
  const [error, setError] = useState<RequestFailure | null>(null);
  const inFlight = useRef(false);
  const boxes = () => [...document.querySelectorAll<HTMLInputElement>(`input[form="${form}"][name="subject"]`)];

  useEffect(() => {
    const recount = () => setCount(boxes().filter((box) => box.checked).length);
    recount();
    document.addEventListener("change", recount);
    return () => document.removeEventListener("change", recount);
    // eslint-disable-next-line react-hooks/exhaustive-deps -- boxes reads the form's id only
  }, [form]);

  async function create() {
    if (inFlight.current) return;
    const ids = boxes().filter((box) => box.checked).map((box) => Number(box.value));
    inFlight.current = true;
    setPending(true);
    setError(null);
    const body = { ids, act: act === "label" ? { action: "label", val: val.trim() } : { action: act } };
    const answer = await requestJson<Created>("/api/reports/batches", { body });
    inFlight.current = false;
    setPending(false);
    if (!answer.ok) return setError(answer);
    for (const box of boxes()) if (box.checked) box.click();
    setCreated(answer.data);
  }

  const link = created ? (created.review_url ?? new URL(created.url, window.location.href).href) : "";
  return (
    <div className="space-y-2 border-t border-line pt-3" data-testid="subject-batch">
      <div className="flex flex-wrap items-center gap-2">
        <span className="text-sm font-semibold tabular-nums" data-testid="selected-count" aria-live="polite">
          {count} selected
        </span>
        <label className="flex items-center gap-2 text-sm font-medium">
          Act button
          <select value={act} onChange={(event) => setAct(event.target.value as typeof act)} className={fieldBase} data-testid="batch-act">
            <option value="resolve">Resolve</option>
            <option value="escalate">Escalate</option>
            {canLabel ? <option value="label">Apply a label</option> : null}
          </select>
        </label>
        {act === "label" ? (
          <input value={val} onChange={(event) => setVal(event.target.value)} placeholder="label value" maxLength={128} aria-label="Label the act applies" className={`${fieldBase} w-36`} data-testid="batch-act-label" />
        ) : null}
        <button type="button" className={buttonClass.primary} disabled={busy || pending || count === 0 || (act === "label" && !val.trim())} onClick={create} data-testid="create-subject-batch">
          {pending ? "Creating…" : "Create batch"}
        </button>
      </div>
      <FormError message={error?.error} testId="batch-error" />
      {created ? (
        <p role="status" className="flex flex-wrap items-center gap-2 rounded-lg bg-accent-soft px-3 py-2 text-sm" data-testid="batch-created">
          <span>
            Batch of {created.subject_count} for phone review:{" "}
            <a href={created.url} className="font-semibold break-all underline" data-testid="batch-link">
              {link}
            </a>
          </span>
          <CopyButton value={link} label="the batch link" text="Copy link" testId="copy-link" />
          {created.skipped.length ? <span className="w-full" data-testid="batch-skipped">Left out {created.skipped.length}: {[...new Set(created.skipped.map((s) => skipWords[s.reason] ?? s.reason))].join("; ")}.</span> : null}
        </p>
      ) : null}
    </div>
  );
}
