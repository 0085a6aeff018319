"use client";

import { useMemo, useRef, useState } from "react";
import { useHydrated } from "../relay/use-hydrated";
import { ToastHost, showToast, signInAction } from "../toast";
import { ReviewBar } from "./review-bar";
import { ReviewCard } from "./review-card";
import { submitFeedback } from "./review-feedback";
import type { Decision, ReviewItem } from "./review-item";
import { ReviewSummary } from "./review-summary";
import { reviewWords } from "./review-words";
import { ShortcutsHelp } from "./shortcuts-help";
import { batchApi, submitReview, undoReview } from "./submit-review";
import { usePendingChoices, type Choice } from "./use-pending-choices";
import { useReviewKeys } from "./use-review-keys";

/** `act`: a report batch's act ("Resolve", "Label spam"…); null for a flag batch. */
type Props = { batchId: string; moderator: string; initialItems: ReviewItem[]; nextBatchUrl: string | null; act?: string | null };

/**
 * The batch review. Choices stay on this device (per batch and moderator, across tabs
 * and reloads) until the server acknowledges them; a choice made while a submit is in
 * flight stays pending. After each choice the next undecided card comes up and the
 * decided one folds to a line.
 */
export function ReviewBoard({ batchId, moderator, initialItems, nextBatchUrl, act = null }: Props) {
  const ready = useHydrated();
  const words = reviewWords(act);
  const api = batchApi(batchId, act !== null);
  const [items, setItems] = useState(initialItems);
  const isOpen = (uri: string) => items.some((item) => item.uri === uri && !item.decision);
  const { choices, update } = usePendingChoices(batchId, moderator, isOpen);
  const [conflicts, setConflicts] = useState<Record<string, string>>({});
  const [expanded, setExpanded] = useState<ReadonlySet<string>>(new Set());
  const [busy, setBusy] = useState(false);
  const [active, setActive] = useState(() => Math.max(0, initialItems.findIndex((item) => !item.decision)));
  const [help, setHelp] = useState(false);
  const inFlight = useRef(false);

  const chosen = new Map(choices.map((c) => [c.uri, c.decision]));
  const decided = items.filter((item) => item.decision).length;
  const undecided = (index: number) => !items[index]?.decision && !chosen.has(items[index]!.uri);

  function focusCard(index: number) {
    const card = document.getElementById(`card-${index}`);
    card?.focus({ preventScroll: true });
    // scroll-margin on the card keeps it clear of the sticky bar.
    card?.scrollIntoView({ block: "nearest" });
  }

  /** The next card still to decide after `index` (wrapping), or -1. */
  function nextUndecided(index: number): number {
    for (let step = 1; step <= items.length; step++) {
      const candidate = (index + step) % items.length;
      if (candidate !== index && undecided(candidate)) return candidate;
    }
    return -1;
  }

  function choose(index: number, decision: Decision) {
    const { uri } = items[index]!;
    const again = chosen.get(uri) === decision;
    update((list) => [...list.filter((c) => c.uri !== uri), ...(again ? [] : [{ uri, decision }])]);
    setExpanded((open) => new Set([...open].filter((u) => u !== uri)));
    if (again) return;
    const next = nextUndecided(index);
    if (next >= 0) {
      setActive(next);
      requestAnimationFrame(() => focusCard(next));
    }
  }

  async function submit() {
    if (inFlight.current || choices.length === 0) return;
    inFlight.current = true;
    setBusy(true);
    const sent: Choice[] = choices;
    const answer = await submitReview(api, sent);
    inFlight.current = false;
    setBusy(false);
    if ("error" in answer) return showToast({ tone: "error", text: answer.error, actions: answer.signIn ? [signInAction()] : undefined });
    const results = new Map(answer.results.map((r) => [r.uri, r]));
    const next = items.map((item) => {
      const result = results.get(item.uri);
      if (!result) return item;
      const { decision, by } = result.decided;
      // A report subject's state comes back with the answer; a cleared flag is resolved.
      const status = result.state ?? (decision === "clear" && item.status === "pending" ? "resolved" : item.status);
      return { ...item, decision, decidedBy: by, status };
    });
    setItems(next);
    // Only what the server answered for leaves the pending set: choices made meanwhile,
    // ones it asks to choose again, and ones held by another moderator's claim, stay.
    const kept = new Set(["conflicting_decisions", "claimed"]);
    const dropped = new Set([...results.keys(), ...answer.skipped.filter((s) => !kept.has(s.reason)).map((s) => s.uri)]);
    update((list) => list.filter((c) => !dropped.has(c.uri)));
    const lost = answer.results.filter((r) => r.outcome === "conflict");
    setConflicts((old) => ({ ...old, ...Object.fromEntries(lost.map((r) => [r.uri, `${r.decided.by} decided this first: ${words.choices[r.decided.decision].label.toLowerCase()}.`])) }));
    const applied = answer.results.filter((r) => r.outcome === "applied").map(({ uri, decided }) => ({ uri, decision: decided.decision }));
    showToast(submitFeedback(answer, next, words, nextBatchUrl, applied.length ? () => undoSubmission(applied) : undefined));
  }

  /** The toast's Undo: what this submission decided goes back to undecided (a cleared flag pending again). */
  async function undoSubmission(applied: Choice[]) {
    const answer = await undoReview(api, applied);
    if (!answer.ok) return showToast({ tone: "error", text: answer.error, actions: answer.signIn ? [signInAction()] : undefined });
    const undone = new Map(answer.data.results.filter((r) => r.outcome === "undone").map((r) => [r.uri, r]));
    setItems((list) =>
      list.map((item) => {
        const result = undone.get(item.uri);
        if (!result) return item;
        return { ...item, decision: null, decidedBy: null, status: result.state ?? (result.reopened ? "pending" : item.status) };
      }),
    );
    const kept = applied.length - undone.size;
    showToast({
      tone: kept ? "info" : "success",
      text: `Undid ${undone.size} decision${undone.size === 1 ? "" : "s"}` + (kept ? `; ${kept} changed meanwhile and stay as they are.` : "; decide again when ready."),
      duration: kept ? undefined : 5000,
    });
    const first = items.findIndex((item) => undone.has(item.uri));
    if (first >= 0) {
      setActive(first);
      requestAnimationFrame(() => focusCard(first));
    }
  }

  function undo() {
    const last = choices.at(-1);
    if (!last) return;
    update((list) => list.slice(0, -1));
    const index = items.findIndex((item) => item.uri === last.uri);
    setActive(index);
    requestAnimationFrame(() => focusCard(index));
  }

  const keys = useMemo(
    () => ({
      move(step: 1 | -1) {
        const next = Math.min(items.length - 1, Math.max(0, active + step));
        setActive(next);
        focusCard(next);
      },
      choose(decision: Decision) {
        if (items[active] && !items[active].decision) choose(active, decision);
      },
      undo,
      submit,
      toggleHelp: () => setHelp((shown) => !shown),
      closeHelp: () => setHelp(false),
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
      {help ? <ShortcutsHelp words={words} onClose={() => setHelp(false)} /> : null}
      {decided === items.length ? <ReviewSummary items={items} words={words} nextBatchUrl={nextBatchUrl} /> : null}
      <ol className="space-y-2">
        {items.map((item, index) => (
          <li key={item.uri}>
            <ReviewCard
              item={item}
              words={words}
              index={index}
              chosen={chosen.get(item.uri)}
              conflict={conflicts[item.uri]}
              active={index === active}
              ready={ready}
              collapsed={Boolean(item.decision || chosen.has(item.uri)) && !expanded.has(item.uri) && !conflicts[item.uri]}
              onChoose={(decision) => choose(index, decision)}
              onExpand={() => setExpanded((open) => new Set([...open, item.uri]))}
            />
          </li>
        ))}
      </ol>
      <ToastHost bottomClass={decided < items.length || choices.length ? "bottom-36" : "bottom-4"} />
      {decided < items.length || choices.length ? (
        <ReviewBar reviewed={decided + choices.length} total={items.length} pending={choices.length} busy={busy} ready={ready} onUndo={undo} onSubmit={submit} />
      ) : null}
    </>
  );
}
