import { useEffect, useEffectEvent } from "react";
import type { QueueAction, QueueEntry } from "./queue-state";
import { shortcutFor, type ShortcutAction } from "./shortcuts";

/** What a shortcut needs to know of the page at the moment of the key press. */
export type ShortcutContext = {
  count: number;
  current: QueueEntry | null;
  /** The current item is decided already or has a request in flight. */
  settled: boolean;
  canDecide: boolean;
  canBan: boolean;
};

/** A state change, or the one shortcut that sends a request at once. */
export type ShortcutCommand = QueueAction | { type: "approve"; id: string };

/** What a shortcut does here and now, or null when it does not apply (the key press is then left alone). */
export function shortcutCommand(action: ShortcutAction, page: ShortcutContext): ShortcutCommand | null {
  if (action === "help") return { type: "setHelpOpen", open: true };
  if (action === "next" || action === "previous") return page.count > 0 ? { type: "move", step: action === "next" ? 1 : -1, count: page.count } : null;
  const current = page.current;
  if (!current || page.settled) return null;
  if (action === "ban") return page.canBan && !current.authorBlocked ? { type: "openPanel", panel: { id: current.id, kind: "ban" } } : null;
  if (!current.undecided || !page.canDecide) return null;
  if (action === "approve") return { type: "approve", id: current.id };
  if (action === "reject") return { type: "openPanel", panel: { id: current.id, kind: "reject" } };
  return { type: "toggleSelected", id: current.id };
}

/**
 * The queue's keyboard shortcuts on the whole document while the page is mounted.
 * `run` receives each command that applies; the key press is then taken (no scrolling
 * on j/k, no typing). Paused while the shortcuts help is open.
 */
export function useQueueKeys({ paused, page, run }: { paused: boolean; page: ShortcutContext; run: (command: ShortcutCommand) => void }) {
  const onKeyDown = useEffectEvent((event: KeyboardEvent) => {
    const action = paused ? null : shortcutFor(event);
    const command = action ? shortcutCommand(action, page) : null;
    if (!command) return;
    run(command);
    event.preventDefault();
  });

  useEffect(() => {
    const listener = (event: KeyboardEvent) => onKeyDown(event);
    document.addEventListener("keydown", listener);
    return () => document.removeEventListener("keydown", listener);
  }, []);
}
