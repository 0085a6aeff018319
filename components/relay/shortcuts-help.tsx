"use client";

import { useEffect, useRef } from "react";
import { useQueue } from "./queue-controller";
import { queueShortcuts } from "./shortcuts";
import { buttonClass, kbdClass } from "./styles";

/** The `?` dialog: a native modal dialog, so focus is trapped and Escape closes it. */
export function ShortcutsHelp() {
  const queue = useQueue();
  const dialog = useRef<HTMLDialogElement>(null);

  useEffect(() => {
    const element = dialog.current;
    if (!element) return;
    if (queue.helpOpen && !element.open) element.showModal();
    if (!queue.helpOpen && element.open) element.close();
  }, [queue.helpOpen]);

  return (
    <dialog
      ref={dialog}
      aria-labelledby="shortcuts-title"
      onClose={() => queue.setHelpOpen(false)}
      data-testid="shortcuts-help"
      className="m-auto w-[min(28rem,calc(100vw-2rem))] rounded-xl border border-line bg-surface p-5 text-foreground backdrop:bg-black/40"
    >
      <h2 id="shortcuts-title" className="text-lg font-semibold">
        Keyboard shortcuts
      </h2>
      <dl className="mt-3 grid grid-cols-[2.5rem_1fr] gap-x-3 gap-y-2 text-sm">
        {queueShortcuts.map((shortcut) => (
          <div key={shortcut.key} className="contents">
            <dt>
              <kbd className={kbdClass}>{shortcut.key}</kbd>
            </dt>
            <dd>{shortcut.label}</dd>
          </div>
        ))}
      </dl>
      <p className="mt-3 text-sm text-muted">Shortcuts are off while typing in a field. Escape closes a reason form or this dialog.</p>
      <form method="dialog" className="mt-4 text-right">
        <button type="submit" className={buttonClass.secondary} autoFocus>
          Close
        </button>
      </form>
    </dialog>
  );
}
