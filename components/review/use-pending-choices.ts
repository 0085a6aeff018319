import { useCallback, useEffect, useState } from "react";
import type { Decision } from "./review-item";

export type Choice = { uri: string; decision: Decision };

const decisions: readonly string[] = ["clear", "defer", "confirm"];

function read(key: string): Choice[] {
  try {
    const saved: unknown = JSON.parse(localStorage.getItem(key) ?? "[]");
    if (!Array.isArray(saved)) return [];
    return saved.filter((c): c is Choice => typeof c?.uri === "string" && decisions.includes(c?.decision));
  } catch {
    return [];
  }
}

/**
 * A moderator's unsent choices on one batch, kept in localStorage under the batch and
 * the moderator's name, so a reload, a second tab or the DM link opened again shows
 * them (they are choices, not secrets). Tabs follow each other through the storage
 * event. `open` says which items the server still has undecided: choices on any other
 * item are dropped, which is the merge with what the server already has.
 */
export function usePendingChoices(batchId: string, moderator: string, open: (uri: string) => boolean) {
  const key = `warden-review:${batchId}:${moderator}`;
  const [choices, setChoices] = useState<Choice[]>([]);
  const [loaded, setLoaded] = useState(false);

  useEffect(() => {
    // eslint-disable-next-line react-hooks/set-state-in-effect -- localStorage exists only after hydration
    setChoices(read(key));
    setLoaded(true);
    const follow = (event: StorageEvent) => {
      if (event.key === key) setChoices(read(key));
    };
    window.addEventListener("storage", follow);
    return () => window.removeEventListener("storage", follow);
  }, [key]);

  const pending = choices.filter((c) => open(c.uri));

  useEffect(() => {
    if (!loaded) return;
    if (pending.length) localStorage.setItem(key, JSON.stringify(pending));
    else localStorage.removeItem(key);
  }, [key, loaded, pending]);

  // A warning before leaving (or reloading) with choices not yet sent.
  const unsent = pending.length > 0;
  useEffect(() => {
    if (!unsent) return;
    const warn = (event: BeforeUnloadEvent) => event.preventDefault();
    window.addEventListener("beforeunload", warn);
    return () => window.removeEventListener("beforeunload", warn);
  }, [unsent]);

  const update = useCallback((change: (list: Choice[]) => Choice[]) => setChoices(change), []);
  return { choices: pending, update, loaded };
}
