"use client";

import { useEffect, useMemo, useState } from "react";
import { ReviewBar } from "./review-bar";
import { ReviewCard } from "./review-card";
import type { Decision, ReviewItem } from "./review-item";
import { ReviewSummary } from "./review-summary";
import { ShortcutsHelp } from "./shortcuts-help";
import { submitReview } from "./submit-review";
import { useReviewKeys } from "./use-review-keys";

type Choice = { uri: string; decision: Decision };

/**
 * The batch review: choices stay on the phone (and in this tab's sessionStorage,
 * so a reload keeps them) until submitted; undo takes back the last one.
 */
export function ReviewBoard({ batchId, initialItems }: { batchId: string; initialItems: ReviewItem[] }) {
  const [items, setItems] = useState(initialItems);
  const [choices, setChoices] = useState<Choice[]>([]);
  const [conflicts, setConflicts] = useState<Record<string, string>>({});
  const [error, setError] = useState<{ error: string; signIn?: true } | null>(null);
  const [notice, setNotice] = useState("");
  const [busy, setBusy] = useState(false);
  const [active, setActive] = useState(-1);
  const [help, setHelp] = useState(false);
  const storageKey = `warden-review-${batchId}`;

  useEffect(() => {
    const saved = JSON.parse(sessionStorage.getItem(storageKey) ?? "[]") as Choice[];
    // eslint-disable-next-line react-hooks/set-state-in-effect -- sessionStorage exists only after hydration
    if (saved.length) setChoices(saved.filter((c) => initialItems.some((i) => i.uri === c.uri && !i.decision)));
  }, [storageKey, initialItems]);
  useEffect(() => sessionStorage.setItem(storageKey, JSON.stringify(choices)), [storageKey, choices]);

  const chosen = new Map(choices.map((c) => [c.uri, c.decision]));
  const decided = items.filter((item) => item.decision).length;

  function choose(uri: string, decision: Decision) {
    setError(null);
    setChoices((list) => [...list.filter((c) => c.uri !== uri), ...(chosen.get(uri) === decision ? [] : [{ uri, decision }])]);
  }

  async function submit() {
    if (busy || choices.length === 0) return;
    setBusy(true);
    setError(null);
    const answer = await submitReview(batchId, choices);
    setBusy(false);
    if ("error" in answer) return setError(answer);
    const results = new Map(answer.results.map((r) => [r.uri, r]));
    setItems((list) =>
      list.map((item) => {
        const result = results.get(item.uri);
        if (!result) return item;
        const { decision, by } = result.decided;
        return { ...item, decision, decidedBy: by, status: decision === "clear" && item.status === "pending" ? "resolved" : item.status };
      }),
    );
    const lost = answer.results.filter((r) => r.outcome === "conflict");
    setConflicts(Object.fromEntries(lost.map((r) => [r.uri, `${r.decided.by} decided this first: ${r.decided.decision}.`])));
    setChoices([]);
    setNotice(answer.message);
  }

  const keys = useMemo(
    () => ({
      move(step: 1 | -1) {
        const next = Math.min(items.length - 1, Math.max(0, active + step));
        setActive(next);
        document.getElementById(`card-${next}`)?.focus();
      },
      choose(decision: Decision) {
        const item = items[active];
        if (!item || item.decision) return;
        choose(item.uri, decision);
        keys.move(1);
      },
      undo: () => setChoices((list) => list.slice(0, -1)),
      submit,
      toggleHelp: () => setHelp((shown) => !shown),
    }),
    // eslint-disable-next-line react-hooks/exhaustive-deps -- rebuilt whenever what the shortcuts act on changes
    [items, active, choices, busy],
  );
  useReviewKeys(keys);

  return (
    <>
      <div className="mb-3 flex items-center justify-end">
        <button type="button" onClick={keys.toggleHelp} className="hidden min-h-11 rounded-lg px-3 text-sm text-muted hover:bg-surface-raised md:block">
          Keyboard shortcuts <kbd className="ml-1 rounded border border-line px-1.5 font-mono">?</kbd>
        </button>
      </div>
      {help ? <ShortcutsHelp onClose={() => setHelp(false)} /> : null}
      {decided === items.length ? <ReviewSummary items={items} /> : null}
      <p aria-live="polite" className="sr-only">
        {notice}
      </p>
      <ol className="space-y-3">
        {items.map((item, index) => (
          <li key={item.uri}>
            <ReviewCard
              item={item}
              index={index}
              chosen={chosen.get(item.uri)}
              conflict={conflicts[item.uri]}
              active={index === active}
              onChoose={(decision) => choose(item.uri, decision)}
            />
          </li>
        ))}
      </ol>
      {error ? (
        <p role="alert" data-testid="review-error" className="fixed inset-x-4 bottom-32 z-10 mx-auto max-w-2xl rounded-lg bg-danger-soft px-4 py-3 text-sm font-medium text-danger shadow">
          {error.error}{" "}
          {error.signIn ? (
            <a href={`/login?callbackUrl=${encodeURIComponent(`/review/${batchId}`)}`} className="font-semibold underline">
              Sign in
            </a>
          ) : null}
        </p>
      ) : null}
      {decided < items.length || choices.length ? (
        <ReviewBar
          reviewed={decided + choices.length}
          total={items.length}
          pending={choices.length}
          busy={busy}
          onUndo={keys.undo}
          onSubmit={submit}
        />
      ) : null}
    </>
  );
}
