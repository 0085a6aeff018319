"use client";

import { ShortcutsDialog } from "../shortcuts-dialog";
import { useQueue } from "./queue-controller";
import { queueShortcuts } from "./shortcuts";

/** The relay queue's `?` dialog. */
export function ShortcutsHelp() {
  const queue = useQueue();
  return (
    <ShortcutsDialog
      open={queue.helpOpen}
      onClose={() => queue.setHelpOpen(false)}
      shortcuts={queueShortcuts}
      footnote="Shortcuts are off while typing in a field. Escape closes a reason form or this dialog."
    />
  );
}
