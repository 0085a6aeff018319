"use client";

import { useId, useState } from "react";
import { useQueue } from "./queue-controller";
import { buttonClass, fieldClass } from "./styles";

/** Decides every selected item at once; sticks to the bottom of the screen while a selection exists. */
export function BulkBar() {
  const queue = useQueue();
  const reasonId = useId();
  const [reason, setReason] = useState("");
  const count = queue.selected.length;
  if (count === 0) return null;
  const busy = queue.selected.some((id) => queue.isBusy(id));

  async function decide(decision: "approve" | "reject") {
    await queue.bulk(decision, decision === "reject" ? reason.trim() || undefined : undefined);
    setReason("");
  }

  return (
    <section
      aria-label="Bulk decision"
      data-testid="bulk-bar"
      className="sticky bottom-0 z-10 -mx-4 mt-4 border-t border-line bg-surface px-4 py-3 shadow-[0_-4px_12px_rgb(0_0_0/0.08)] md:mx-0 md:rounded-xl md:border"
    >
      <div className="flex flex-wrap items-end gap-2">
        <p className="basis-full text-sm font-semibold sm:basis-auto sm:self-center" data-testid="bulk-count">
          {count} selected
        </p>
        <div className="min-w-0 flex-1 basis-48">
          <label htmlFor={reasonId} className="sr-only">
            Reason for rejecting the selected events (optional)
          </label>
          <input
            id={reasonId}
            value={reason}
            onChange={(event) => setReason(event.target.value)}
            placeholder="Reject reason (optional)"
            maxLength={500}
            autoComplete="off"
            className={fieldClass}
            data-testid="bulk-reason"
          />
        </div>
        <div className="grid flex-1 basis-full grid-cols-3 gap-2 sm:flex sm:flex-none sm:basis-auto">
          <button type="button" disabled={busy} onClick={() => decide("approve")} className={buttonClass.primary} data-testid="bulk-approve">
            Approve
          </button>
          <button type="button" disabled={busy} onClick={() => decide("reject")} className={buttonClass.danger} data-testid="bulk-reject">
            Reject
          </button>
          <button type="button" disabled={busy} onClick={() => queue.selectAll(false)} className={buttonClass.secondary}>
            Clear
          </button>
        </div>
      </div>
    </section>
  );
}
