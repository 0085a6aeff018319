import { pageShortcuts } from "@/components/keyboard-shortcuts";

/** The inbox's keyboard shortcuts (the relay queue's j/k/x/? and Ozone's habits), shown by `?`. */
export const inboxShortcuts = pageShortcuts("subject", [
  { key: "x", action: "select", label: "Tick or untick the current subject" },
  { key: "e", action: "escalate", label: "Escalate the ticked subjects (the current one when none is ticked)" },
  { key: "d", action: "dismiss", label: "Dismiss the ticked subjects (the current one when none is ticked)" },
]);

export type InboxShortcut = (typeof inboxShortcuts)[number]["action"];

/** The page at the key press: the subjects' ids in list order, the current row (-1: none) and the ticked ids. */
export type InboxContext = { ids: number[]; current: number; ticked: number[]; canReview: boolean; busy: boolean };

export type InboxCommand = { type: "help" } | { type: "move"; to: number } | { type: "toggle"; index: number } | { type: "act"; action: "escalate" | "dismiss"; ids: number[] };

/** What a shortcut does here and now, or null when it does not apply (the key press is then left alone). */
export function inboxCommand(action: InboxShortcut, page: InboxContext): InboxCommand | null {
  const count = page.ids.length;
  if (action === "help") return { type: "help" };
  if (action === "next" || action === "previous") {
    if (count === 0) return null;
    const to = page.current < 0 ? 0 : Math.min(count - 1, Math.max(0, page.current + (action === "next" ? 1 : -1)));
    return { type: "move", to };
  }
  const current = page.current >= 0 && page.current < count ? page.current : -1;
  if (action === "select") return current >= 0 ? { type: "toggle", index: current } : null;
  if (!page.canReview || page.busy) return null;
  const ids = page.ticked.length > 0 ? page.ticked : current >= 0 ? [page.ids[current]!] : [];
  return ids.length > 0 ? { type: "act", action, ids } : null;
}
