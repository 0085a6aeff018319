"use client";

import { useRouter } from "next/navigation";
import { createContext, use, useCallback, useEffect, useEffectEvent, useRef, useState, useTransition, type ReactNode } from "react";
import { shortPubkey } from "@/lib/relay/views/pubkey-text";
import { showToast, signInAction, type ToastContent } from "../toast";
import { relayApi } from "./relay-api";
import { shortcutFor, type ShortcutAction } from "./shortcuts";

/** What the controller needs to know of each item on the page, in display order. */
export type QueueEntry = { id: string; pubkey: string; undecided: boolean; authorBlocked: boolean };
export type PanelKind = "reject" | "ban";

type Queue = {
  entries: QueueEntry[];
  canDecide: boolean;
  canBan: boolean;
  currentId: string | null;
  keyboard: boolean;
  selected: string[];
  panel: { id: string; kind: PanelKind } | null;
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
  bulk: (decision: "approve" | "reject", reason?: string) => Promise<void>;
};

const QueueContext = createContext<Queue | null>(null);

export function useQueue(): Queue {
  const queue = use(QueueContext);
  if (!queue) throw new Error("useQueue needs a QueueController");
  return queue;
}

/**
 * Client state of one queue page: the current item, the selection, requests in
 * flight and their errors, and the keyboard shortcuts. The items themselves are
 * server-rendered; after each decision the page is refreshed from the server.
 */
export function QueueController({ entries, canDecide, canBan, children }: { entries: QueueEntry[]; canDecide: boolean; canBan: boolean; children: ReactNode }) {
  const router = useRouter();
  const [, startRefresh] = useTransition();
  const frames = useRef(new Map<string, HTMLElement>());
  const [index, setIndex] = useState(0);
  const [keyboard, setKeyboard] = useState(false);
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const [panel, setPanel] = useState<Queue["panel"]>(null);
  const [busy, setBusy] = useState<ReadonlySet<string>>(new Set());
  const [done, setDone] = useState<ReadonlyMap<string, string>>(new Map());
  const [errors, setErrors] = useState<ReadonlyMap<string, string>>(new Map());
  const [helpOpen, setHelpOpen] = useState(false);

  // After a refresh the decided item is gone and the same index is the next one.
  const currentIndex = Math.min(index, entries.length - 1);
  const current = entries[currentIndex] ?? null;
  const present = new Set(entries.map((entry) => entry.id));

  const withEntry = (map: ReadonlyMap<string, string>, id: string, value: string | null) => {
    const next = new Map(map);
    if (value === null) next.delete(id);
    else next.set(id, value);
    return next;
  };
  const markBusy = (ids: string[], on: boolean) =>
    setBusy((old) => {
      const next = new Set(old);
      for (const id of ids) if (on) next.add(id); else next.delete(id);
      return next;
    });
  const refresh = () => startRefresh(() => router.refresh());

  async function decide(id: string, decision: "approve" | "reject", reason?: string) {
    markBusy([id], true);
    setErrors((old) => withEntry(old, id, null));
    const result = await relayApi.decide(id, decision, reason);
    markBusy([id], false);
    if (!result.ok) {
      if (result.signIn) showToast({ tone: "error", text: result.message, actions: [signInAction()] });
      return setErrors((old) => withEntry(old, id, result.message));
    }
    const label = decision === "approve" ? "Approved" : "Rejected";
    setDone((old) => withEntry(old, id, label));
    showToast(decidedToast(`${label} event ${id.slice(0, 8)}.`, decision === "reject" ? [id] : []));
    setPanel(null);
    refresh();
  }

  /** A toast for a decision; a rejection gets Undo (approve after all) for a few seconds. */
  function decidedToast(text: string, rejected: string[]): ToastContent {
    const undo = { label: "Undo", testId: "toast-undo", onClick: () => void overturn(rejected) };
    return { tone: "success", text, duration: rejected.length ? 8000 : 5000, actions: rejected.length ? [undo] : undefined };
  }

  async function overturn(ids: string[]) {
    markBusy(ids, true);
    const results = await Promise.all(ids.map((id) => relayApi.overturn(id, "undo of a reject")));
    markBusy(ids, false);
    const failed = results.filter((result) => !result.ok);
    setDone((old) => new Map([...old].filter(([id]) => !ids.includes(id))));
    const first = failed[0];
    showToast(
      first
        ? { tone: "error", text: `${ids.length - failed.length} of ${ids.length} approved after all. ${first.message}`, actions: first.signIn ? [signInAction()] : undefined }
        : { tone: "success", text: `Reject undone: ${ids.length === 1 ? "the event is" : `${ids.length} events are`} approved after all.`, duration: 5000 },
    );
    refresh();
  }

  async function ban(id: string, reason?: string) {
    const entry = entries.find((item) => item.id === id);
    if (!entry) return;
    markBusy([id], true);
    const result = await relayApi.ban(entry.pubkey, reason);
    markBusy([id], false);
    if (!result.ok) {
      if (result.signIn) showToast({ tone: "error", text: result.message, actions: [signInAction()] });
      return setErrors((old) => withEntry(old, id, result.message));
    }
    setPanel(null);
    const rejected = result.data.rejected;
    showToast({ tone: "success", text: `Banned ${shortPubkey(entry.pubkey)}; ${rejected} waiting event${rejected === 1 ? "" : "s"} rejected.`, duration: 6000 });
    refresh();
  }

  async function bulk(decision: "approve" | "reject", reason?: string) {
    const ids = entries.filter((entry) => entry.undecided && selected.has(entry.id)).map((entry) => entry.id);
    if (ids.length === 0) return;
    markBusy(ids, true);
    const result = await relayApi.bulk(ids, decision, reason);
    markBusy(ids, false);
    if (!result.ok) {
      showToast({ tone: "error", text: result.message, actions: result.signIn ? [signInAction()] : undefined });
      return;
    }
    const failed = result.data.results.filter((item) => "error" in item);
    const succeeded = result.data.results.filter((item) => !("error" in item)).map((item) => item.id);
    const label = decision === "approve" ? "Approved" : "Rejected";
    setDone((old) => new Map([...old, ...succeeded.map((id) => [id, label] as const)]));
    setErrors((old) => new Map([...old, ...failed.map((item) => [item.id, "error" in item ? item.error.message : ""] as const)]));
    setSelected(new Set(failed.map((item) => item.id)));
    const text = `${label} ${succeeded.length} of ${ids.length}.${failed.length ? ` ${failed.length} could not be decided: see the items still selected.` : ""}`;
    showToast(failed.length ? { tone: "error", text } : decidedToast(text, decision === "reject" ? succeeded : []));
    refresh();
  }

  const focusFrame = useCallback((id: string | undefined) => {
    const frame = id ? frames.current.get(id) : undefined;
    frame?.focus({ preventScroll: true });
    frame?.scrollIntoView({ block: "nearest" });
  }, []);

  function move(step: number) {
    const next = Math.max(0, Math.min(entries.length - 1, currentIndex + step));
    setIndex(next);
    setKeyboard(true);
    focusFrame(entries[next]?.id);
  }

  /** Runs a shortcut; false when it does not apply here, so the key press is left alone. */
  function perform(action: ShortcutAction): boolean {
    if (action === "help") {
      setHelpOpen(true);
      return true;
    }
    if (action === "next" || action === "previous") {
      move(action === "next" ? 1 : -1);
      return entries.length > 0;
    }
    if (!current || done.has(current.id) || busy.has(current.id)) return false;
    const decidable = current.undecided && canDecide;
    if (action === "ban") {
      const bannable = canBan && !current.authorBlocked;
      if (bannable) setPanel({ id: current.id, kind: "ban" });
      return bannable;
    }
    if (!decidable) return false;
    if (action === "approve") void decide(current.id, "approve");
    else if (action === "reject") setPanel({ id: current.id, kind: "reject" });
    else toggleSelected(current.id);
    return true;
  }

  const onKeyDown = useEffectEvent((event: KeyboardEvent) => {
    const action = helpOpen ? null : shortcutFor(event);
    if (!action || !perform(action)) return;
    setKeyboard(true);
    event.preventDefault();
  });

  useEffect(() => {
    const listener = (event: KeyboardEvent) => onKeyDown(event);
    document.addEventListener("keydown", listener);
    return () => document.removeEventListener("keydown", listener);
  }, []);

  // When a refresh removed the focused item, keep keyboard users on the list.
  const currentId = current?.id;
  useEffect(() => {
    if (keyboard && (document.activeElement === document.body || document.activeElement === null)) focusFrame(currentId);
  }, [keyboard, currentId, entries, focusFrame]);

  function toggleSelected(id: string) {
    setSelected((old) => {
      const next = new Set(old);
      if (!next.delete(id)) next.add(id);
      return next;
    });
  }

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
    setCurrent: (id) => setIndex(Math.max(0, entries.findIndex((entry) => entry.id === id))),
    registerFrame,
    toggleSelected,
    selectAll: (on) => setSelected(new Set(on ? entries.filter((entry) => entry.undecided && !done.has(entry.id)).map((entry) => entry.id) : [])),
    openPanel: (id, kind) => setPanel({ id, kind }),
    closePanel: () => {
      const id = panel?.id;
      setPanel(null);
      if (id) frames.current.get(id)?.focus();
    },
    setHelpOpen,
    approve: (id) => decide(id, "approve"),
    reject: (id, reason) => decide(id, "reject", reason),
    ban,
    bulk,
  };

  return <QueueContext value={queue}>{children}</QueueContext>;
}
