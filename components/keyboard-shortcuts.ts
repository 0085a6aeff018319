// Keyboard shortcuts shared by the pages that have them (the relay queue, the reports
// inbox): the table type, the moves every such page has, and the key-press lookup.

export type Shortcut<A extends string = string> = { readonly key: string; readonly action: A; readonly label: string };

/** A page's table: j/k move between its rows (`noun`), `own` are its actions, `?` shows the table. */
export function pageShortcuts<const A extends string>(noun: string, own: readonly Shortcut<A>[]): readonly Shortcut<A | "next" | "previous" | "help">[] {
  return [
    { key: "j", action: "next", label: `Next ${noun}` },
    { key: "k", action: "previous", label: `Previous ${noun}` },
    ...own,
    { key: "?", action: "help", label: "Show these shortcuts" },
  ];
}

/** The action a key press means in a table of shortcuts, or null (typing in a field, or with a modifier, means none). */
export function keyAction<A extends string>(event: KeyboardEvent, shortcuts: readonly Shortcut<A>[]): A | null {
  if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey || event.isComposing) return null;
  const target = event.target as HTMLElement | null;
  if (target?.closest("input, textarea, select, [contenteditable=''], [contenteditable='true'], dialog")) return null;
  return shortcuts.find((shortcut) => shortcut.key === event.key)?.action ?? null;
}
