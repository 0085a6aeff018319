"use client";

import { useEffect, useRef } from "react";
import { buttonClass, kbdClass } from "./relay/styles";
import type { Shortcut } from "./keyboard-shortcuts";

/** A page's `?` dialog listing its shortcuts: a native modal dialog, so focus is trapped and Escape closes it. */
export function ShortcutsDialog({ open, onClose, shortcuts, footnote }: { open: boolean; onClose: () => void; shortcuts: readonly Shortcut[]; footnote: string }) {
  const dialog = useRef<HTMLDialogElement>(null);

  useEffect(() => {
    const element = dialog.current;
    if (!element) return;
    if (open && !element.open) element.showModal();
    if (!open && element.open) element.close();
  }, [open]);

  return (
    <dialog
      ref={dialog}
      aria-labelledby="shortcuts-title"
      onClose={onClose}
      data-testid="shortcuts-help"
      className="m-auto w-[min(28rem,calc(100vw-2rem))] rounded-xl border border-line bg-surface p-5 text-foreground backdrop:bg-black/40"
    >
      <h2 id="shortcuts-title" className="text-lg font-semibold">
        Keyboard shortcuts
      </h2>
      <dl className="mt-3 grid grid-cols-[2.5rem_1fr] gap-x-3 gap-y-2 text-sm">
        {shortcuts.map((shortcut) => (
          <div key={shortcut.key} className="contents">
            <dt>
              <kbd className={kbdClass}>{shortcut.key}</kbd>
            </dt>
            <dd>{shortcut.label}</dd>
          </div>
        ))}
      </dl>
      <p className="mt-3 text-sm text-muted">{footnote}</p>
      <form method="dialog" className="mt-4 text-right">
        <button type="submit" className={buttonClass.secondary} autoFocus>
          Close
        </button>
      </form>
    </dialog>
  );
}
