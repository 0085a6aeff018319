"use client";

import { useRouter } from "next/navigation";
import { createContext, use, useCallback, useEffect, useReducer, useRef, useTransition, type ReactNode } from "react";
import { shortPubkey } from "@/lib/relay/views/pubkey-text";
import { showToast, signInAction, type ToastContent } from "../toast";
import { currentIndex, initialQueueState, movedIndex, queueReducer, type Panel, type PanelKind, type QueueEntry } from "./queue-state";
import { tierToast } from "./tier-toast";
import { relayApi } from "./relay-api";
import { useQueueKeys, type ShortcutCommand } from "./use-queue-keys";

type Queue = {
  entries: QueueEntry[];
  canDecide: boolean;
  canBan: boolean;
  currentId: string | null;
  keyboard: boolean;
  selected: string[];
  panel: Panel | null;
  helpOpen: boolean;
  isBusy: (id: string) => boolean;
  doneLabel: (id: string) => string | undefined;
  errorFor: (id: string) => string | undefined;
  setCurrent: (id: string) => void;
  registerFrame: (id: string, element: HTMLElement | null) => void;
  toggleSelected: (id: string) => void;
  selectAll: (on: boolean) => void;
  openPanel: (id: string, kind: PanelKind) => void;
  closePanel: () => void;
  setHelpOpen: (open: boolean) => void;
  approve: (id: string) => Promise<void>;
  reject: (id: string, reason?: string) => Promise<void>;
  ban: (id: string, reason?: string) => Promise<void>;
  /** The way back on a rejected item once its toast's Undo is gone: approved after all. */
  approveAfterAll: (id: string) => Promise<void>;
  bulk: (decision: "approve" | "reject", reason?: string) => Promise<void>;
};

const QueueContext = createContext<Queue | null>(null);

export function useQueue(): Queue {
  const queue = use(QueueContext);
  if (!queue) throw new Error("useQueue needs a QueueController");
  return queue;
}

/**
 * One queue page's client side: sends the decisions and reports each outcome to the
 * state reducer (queue-state.ts) and in a toast; the shortcuts come from useQueueKeys.
 * The items themselves are server-rendered; after each decision the page is refreshed
 * from the server.
 */
export function QueueController({ entries, canDecide, canBan, children }: { entries: QueueEntry[]; canDecide: boolean; canBan: boolean; children: ReactNode }) {
  const router = useRouter();
  const [, startRefresh] = useTransition();
  const frames = useRef(new Map<string, HTMLElement>());
  const [state, dispatch] = useReducer(queueReducer, initialQueueState);
  const { selected, busy, done, errors, panel, keyboard, helpOpen } = state;

  const current = entries[currentIndex(state, entries.length)] ?? null;
  const present = new Set(entries.map((entry) => entry.id));
  const refresh = () => startRefresh(() => router.refresh());

  async function decide(id: string, decision: "approve" | "reject", reason?: string) {
    dispatch({ type: "started", ids: [id], retry: true });
    const result = await relayApi.decide(id, decision, reason);
    if (!result.ok) {
      if (result.signIn) showToast({ tone: "error", text: result.message, actions: [signInAction()] });
      return dispatch({ type: "failed", id, message: result.message });
    }
    const label = decision === "approve" ? "Approved" : "Rejected";
    dispatch({ type: "decided", id, label });
    showToast(decidedToast(`${label} event ${id.slice(0, 8)}.`, decision === "reject" ? [id] : []));
    refresh();
  }

  /** A toast for a decision; a rejection gets Undo (approve after all) for a few seconds. */
  function decidedToast(text: string, rejected: string[]): ToastContent {
    const undo = { label: "Undo", testId: "toast-undo", onClick: () => void overturn(rejected) };
    return { tone: "success", text, duration: rejected.length ? 8000 : 5000, actions: rejected.length ? [undo] : undefined };
  }

  async function overturn(ids: string[]) {
    dispatch({ type: "started", ids });
    const results = await Promise.all(ids.map((id) => relayApi.overturn(id, "undo of a reject")));
    dispatch({ type: "overturned", ids });
    const failed = results.filter((result) => !result.ok);
    const first = failed[0];
    showToast(
      first
        ? { tone: "error", text: `${ids.length - failed.length} of ${ids.length} approved after all. ${first.message}`, actions: first.signIn ? [signInAction()] : undefined }
        : { tone: "success", text: `Reject undone: ${ids.length === 1 ? "the event is" : `${ids.length} events are`} approved after all.`, duration: 5000 },
    );
    refresh();
  }

  async function approveAfterAll(id: string) {
    dispatch({ type: "started", ids: [id], retry: true });
    const result = await relayApi.overturn(id, "approved after all from the queue");
    if (!result.ok) {
      if (result.signIn) showToast({ tone: "error", text: result.message, actions: [signInAction()] });
      return dispatch({ type: "failed", id, message: result.message });
    }
    dispatch({ type: "decided", id, label: "Approved after all" });
    showToast({ tone: "success", text: `Event ${id.slice(0, 8)} approved after all: it is queued for delivery.`, duration: 5000 });
    refresh();
  }

  async function ban(id: string, reason?: string) {
    const entry = entries.find((item) => item.id === id);
    if (!entry) return;
    dispatch({ type: "started", ids: [id] });
    const result = await relayApi.ban(entry.pubkey, reason);
    if (!result.ok) {
      if (result.signIn) showToast({ tone: "error", text: result.message, actions: [signInAction()] });
      return dispatch({ type: "failed", id, message: result.message });
    }
    dispatch({ type: "banned", id });
    const { rejected, from, previous_note } = result.data;
    // Undo gives back the tier; the rejected events stay rejected (each can be approved from Rejected).
    const toast = tierToast({ pubkey: entry.pubkey, tier: "blocked", from, previous_note }, refresh);
    showToast({ ...toast, text: `Banned ${shortPubkey(entry.pubkey)}; ${rejected} waiting event${rejected === 1 ? "" : "s"} rejected. Undo restores the tier only.` });
    refresh();
  }

  async function bulk(decision: "approve" | "reject", reason?: string) {
    const ids = entries.filter((entry) => entry.undecided && selected.has(entry.id)).map((entry) => entry.id);
    if (ids.length === 0) return;
    dispatch({ type: "started", ids });
    const result = await relayApi.bulk(ids, decision, reason);
    if (!result.ok) {
      dispatch({ type: "ended", ids });
      showToast({ tone: "error", text: result.message, actions: result.signIn ? [signInAction()] : undefined });
      return;
    }
    const failed = result.data.results.flatMap((item) => ("error" in item ? [[item.id, item.error.message] as [string, string]] : []));
    const succeeded = result.data.results.filter((item) => !("error" in item)).map((item) => item.id);
    const label = decision === "approve" ? "Approved" : "Rejected";
    dispatch({ type: "bulkDecided", ids, label, succeeded, failed });
    const text = `${label} ${succeeded.length} of ${ids.length}.${failed.length ? ` ${failed.length} could not be decided: see the items still selected.` : ""}`;
    showToast(failed.length ? { tone: "error", text } : decidedToast(text, decision === "reject" ? succeeded : []));
    refresh();
  }

  const focusFrame = useCallback((id: string | undefined) => {
    const frame = id ? frames.current.get(id) : undefined;
    frame?.focus({ preventScroll: true });
    frame?.scrollIntoView({ block: "nearest" });
  }, []);

  function runShortcut(command: ShortcutCommand) {
    dispatch({ type: "usedKeyboard" });
    if (command.type === "approve") return void decide(command.id, "approve");
    dispatch(command);
    if (command.type === "move") focusFrame(entries[movedIndex(state, command.step, command.count)]?.id);
  }

  const settled = current ? done.has(current.id) || busy.has(current.id) : false;
  useQueueKeys({ paused: helpOpen, page: { count: entries.length, current, settled, canDecide, canBan }, run: runShortcut });

  // When a refresh removed the focused item, keep keyboard users on the list.
  const currentId = current?.id;
  useEffect(() => {
    if (keyboard && (document.activeElement === document.body || document.activeElement === null)) focusFrame(currentId);
  }, [keyboard, currentId, entries, focusFrame]);

  const registerFrame = useCallback((id: string, element: HTMLElement | null) => {
    if (element) frames.current.set(id, element);
    else frames.current.delete(id);
  }, []);

  const queue: Queue = {
    entries,
    canDecide,
    canBan,
    currentId: current?.id ?? null,
    keyboard,
    selected: entries.filter((entry) => selected.has(entry.id)).map((entry) => entry.id),
    panel: panel && present.has(panel.id) ? panel : null,
    helpOpen,
    isBusy: (id) => busy.has(id),
    doneLabel: (id) => done.get(id),
    errorFor: (id) => errors.get(id),
    setCurrent: (id) => dispatch({ type: "setCurrent", index: Math.max(0, entries.findIndex((entry) => entry.id === id)) }),
    registerFrame,
    toggleSelected: (id) => dispatch({ type: "toggleSelected", id }),
    selectAll: (on) => dispatch({ type: "setSelected", ids: on ? entries.filter((entry) => entry.undecided && !done.has(entry.id)).map((entry) => entry.id) : [] }),
    openPanel: (id, kind) => dispatch({ type: "openPanel", panel: { id, kind } }),
    closePanel: () => {
      dispatch({ type: "closePanel" });
      if (panel) frames.current.get(panel.id)?.focus();
    },
    setHelpOpen: (open) => dispatch({ type: "setHelpOpen", open }),
    approve: (id) => decide(id, "approve"),
    reject: (id, reason) => decide(id, "reject", reason),
    ban,
    approveAfterAll,
    bulk,
  };

  return <QueueContext value={queue}>{children}</QueueContext>;
}
