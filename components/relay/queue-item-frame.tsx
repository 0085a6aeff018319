"use client";

import type { ReactNode } from "react";
import { useQueue } from "./queue-controller";

/** One queue item's frame: the keyboard's current item, focusable, dimmed once decided. */
export function QueueItemFrame({ id, label, children }: { id: string; label: string; children: ReactNode }) {
  const queue = useQueue();
  // The first item is current from the start, so j moves on from what is in view.
  const current = queue.currentId === id;
  const done = queue.doneLabel(id) !== undefined;
  return (
    <article
      ref={(element) => queue.registerFrame(id, element)}
      tabIndex={-1}
      aria-label={label}
      aria-current={current ? "true" : undefined}
      data-testid="queue-item"
      data-id={id}
      onFocus={() => queue.setCurrent(id)}
      onClick={() => queue.setCurrent(id)}
      className={`min-w-0 scroll-my-24 rounded-xl border bg-surface p-3 outline-none sm:p-4 ${
        current ? "border-accent ring-2 ring-ring" : "border-line"
      } ${done ? "opacity-60" : ""}`}
    >
      {children}
    </article>
  );
}
