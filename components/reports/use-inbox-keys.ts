import { useEffect, useEffectEvent, useState } from "react";
import { keyAction } from "@/components/keyboard-shortcuts";
import { inboxCommand, inboxShortcuts } from "./inbox-shortcuts";

/** The rows are server-rendered: the current one is marked on the element itself, which survives a refresh. */
const rowsOnPage = () => [...document.querySelectorAll<HTMLElement>("li[data-subject-id]")];

/**
 * The inbox's keyboard shortcuts on the whole document while the action bar is mounted.
 * j/k move the current row (marked data-current and focused), x ticks it, e and d
 * escalate or dismiss through `act`; `?` opens the help, which pauses them.
 */
export function useInboxKeys({ busy, act }: { busy: boolean; act: (action: "escalate" | "dismiss", ids: number[]) => void }) {
  const [helpOpen, setHelpOpen] = useState(false);

  const onKeyDown = useEffectEvent((event: KeyboardEvent) => {
    const shortcut = helpOpen ? null : keyAction(event, inboxShortcuts);
    if (!shortcut) return;
    const rows = rowsOnPage();
    const boxes = rows.map((row) => row.querySelector<HTMLInputElement>('input[name="subject"]'));
    const ids = rows.map((row) => Number(row.dataset.subjectId));
    const command = inboxCommand(shortcut, {
      ids,
      current: rows.findIndex((row) => row.dataset.current === "true"),
      ticked: ids.filter((_, index) => boxes[index]?.checked),
      canReview: true,
      busy,
    });
    if (!command) return;
    event.preventDefault();
    if (command.type === "help") return setHelpOpen(true);
    if (command.type === "toggle") return boxes[command.index]?.click();
    if (command.type === "act") return act(command.action, command.ids);
    rows.forEach((row, index) => (row.dataset.current = String(index === command.to)));
    rows[command.to]!.focus();
  });

  useEffect(() => {
    const listener = (event: KeyboardEvent) => onKeyDown(event);
    document.addEventListener("keydown", listener);
    return () => document.removeEventListener("keydown", listener);
  }, []);

  return { helpOpen, setHelpOpen };
}
