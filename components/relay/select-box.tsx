"use client";

import { useQueue } from "./queue-controller";
import { useHydrated } from "./use-hydrated";

/** Selects an item for a bulk decision (shortcut x). */
export function SelectBox({ id, label }: { id: string; label: string }) {
  const queue = useQueue();
  const hydrated = useHydrated();
  return (
    <label className="-m-2 inline-flex size-11 shrink-0 cursor-pointer items-center justify-center rounded-lg hover:bg-surface-raised">
      <input
        type="checkbox"
        checked={queue.selected.includes(id)}
        onChange={() => queue.toggleSelected(id)}
        disabled={!hydrated || queue.doneLabel(id) !== undefined}
        aria-keyshortcuts="x"
        data-testid="select-item"
        className="size-5 accent-accent"
      />
      <span className="sr-only">Select {label}</span>
    </label>
  );
}
