import { keyAction, pageShortcuts } from "@/components/keyboard-shortcuts";

/** The queue's keyboard shortcuts (after Coral Talk's and Ozone's), shown by `?`. */
export const queueShortcuts = pageShortcuts("item", [
  { key: "a", action: "approve", label: "Approve the current item" },
  { key: "r", action: "reject", label: "Reject the current item (asks for an optional reason)" },
  { key: "x", action: "select", label: "Select or unselect the current item" },
  { key: "b", action: "ban", label: "Ban the current item's author (asks to confirm)" },
]);

export type ShortcutAction = (typeof queueShortcuts)[number]["action"];

/** The relay queue's shortcut a key press means, or null. */
export const shortcutFor = (event: KeyboardEvent): ShortcutAction | null => keyAction(event, queueShortcuts);
