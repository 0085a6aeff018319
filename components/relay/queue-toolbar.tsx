"use client";

import { useQueue } from "./queue-controller";
import { buttonClass, kbdClass } from "./styles";
import { useHydrated } from "./use-hydrated";

/** Above the list: select every undecided item on the page, and the shortcuts help. */
export function QueueToolbar({ selectable }: { selectable: boolean }) {
  const queue = useQueue();
  const hydrated = useHydrated();
  const candidates = queue.entries.filter((entry) => entry.undecided && queue.doneLabel(entry.id) === undefined);
  const all = candidates.length > 0 && candidates.every((entry) => queue.selected.includes(entry.id));
  return (
    <div className="mb-3 flex flex-wrap items-center justify-between gap-2">
      {selectable && queue.canDecide && candidates.length > 0 ? (
        <label className="inline-flex min-h-11 cursor-pointer items-center gap-3 rounded-lg px-1 text-sm font-medium">
          <input
            type="checkbox"
            checked={all}
            onChange={(event) => queue.selectAll(event.target.checked)}
            disabled={!hydrated}
            className="size-5 accent-accent"
            data-testid="select-all"
          />
          Select all on this page
        </label>
      ) : (
        <span />
      )}
      {/* Phones rarely have a keyboard: the button would only take room. */}
      <div className="hidden md:block">
        <button type="button" onClick={() => queue.setHelpOpen(true)} disabled={!hydrated} aria-keyshortcuts="?" className={`${buttonClass.secondary} text-sm`} data-testid="shortcuts-button">
          Keyboard shortcuts <kbd aria-hidden="true" className={kbdClass}>?</kbd>
        </button>
      </div>
    </div>
  );
}
