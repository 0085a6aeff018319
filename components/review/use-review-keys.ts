import { useEffect } from "react";
import type { Decision } from "./review-item";

export type ReviewKeys = {
  move: (step: 1 | -1) => void;
  choose: (decision: Decision) => void;
  undo: () => void;
  submit: () => void;
  toggleHelp: () => void;
  closeHelp: () => void;
};

const decisionKeys: Record<string, Decision> = { c: "clear", d: "defer", x: "confirm" };

/** Desktop shortcuts (listed behind `?`); ignored while typing or with a modifier held. */
export function useReviewKeys(keys: ReviewKeys): void {
  useEffect(() => {
    function onKeyDown(event: KeyboardEvent) {
      const target = event.target as HTMLElement | null;
      if (event.ctrlKey || event.metaKey || event.altKey || target?.closest("input, textarea, select, [contenteditable]")) return;
      const key = event.key;
      if (key === "j" || key === "ArrowDown") keys.move(1);
      else if (key === "k" || key === "ArrowUp") keys.move(-1);
      else if (decisionKeys[key]) keys.choose(decisionKeys[key]);
      else if (key === "u") keys.undo();
      else if (key === "s") keys.submit();
      else if (key === "?") keys.toggleHelp();
      else if (key === "Escape") keys.closeHelp();
      else return;
      event.preventDefault();
    }
    window.addEventListener("keydown", onKeyDown);
    return () => window.removeEventListener("keydown", onKeyDown);
  }, [keys]);
}
