"use client";

import { useQueue } from "./queue-controller";

/** A live region for what the last action did (always in the DOM, so it is announced). */
export function QueueStatus() {
  const { notice } = useQueue();
  const error = notice?.tone === "error";
  return (
    <div role="status" aria-live="polite" data-testid="queue-status">
      {notice ? (
        <p className={`mb-3 rounded-lg px-3 py-2 text-sm ${error ? "bg-danger-soft text-danger" : "bg-accent-soft"}`}>{notice.text}</p>
      ) : null}
    </div>
  );
}
