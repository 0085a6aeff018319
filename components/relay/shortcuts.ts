/** The queue's keyboard shortcuts (after Coral Talk's and Ozone's), shown by `?`. */
export const queueShortcuts = [
  { key: "j", action: "next", label: "Next item" },
  { key: "k", action: "previous", label: "Previous item" },
  { key: "a", action: "approve", label: "Approve the current item" },
  { key: "r", action: "reject", label: "Reject the current item (asks for an optional reason)" },
  { key: "x", action: "select", label: "Select or unselect the current item" },
  { key: "b", action: "ban", label: "Ban the current item's author (asks to confirm)" },
  { key: "?", action: "help", label: "Show these shortcuts" },
] as const;

export type ShortcutAction = (typeof queueShortcuts)[number]["action"];

export type Shortcut<A extends string = string> = { readonly key: string; readonly action: A; readonly label: string };

/** The action a key press means in a table of shortcuts, or null (typing in a field, or with a modifier, means none). */
export function keyAction<A extends string>(event: KeyboardEvent, shortcuts: readonly Shortcut<A>[]): A | null {
  if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey || event.isComposing) return null;
  const target = event.target as HTMLElement | null;
  if (target?.closest("input, textarea, select, [contenteditable=''], [contenteditable='true'], dialog")) return null;
  return shortcuts.find((shortcut) => shortcut.key === event.key)?.action ?? null;
}

/** The relay queue's shortcut a key press means, or null. */
export const shortcutFor = (event: KeyboardEvent): ShortcutAction | null => keyAction(event, queueShortcuts);
