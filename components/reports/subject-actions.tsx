"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { buttonClass, fieldClass, kbdClass } from "@/components/relay/styles";
import { ShortcutsDialog } from "@/components/shortcuts-dialog";
import { requestJson } from "@/components/request-json";
import { useHydrated } from "@/components/relay/use-hydrated";
import { showToast, signInAction } from "@/components/toast";
import { inboxShortcuts } from "./inbox-shortcuts";
import { SubjectBatchForm } from "./subject-batch-form";
import { useInboxKeys } from "./use-inbox-keys";

export const SUBJECT_FORM = "report-subjects";

type Result = { changed: number[]; skipped: { id: number; why: string }[]; told?: { sent: number; failed: { reporter: string; error: string }[]; skippedMuted: number } };
/** The actions that may tell the Bluesky reporters the outcome. */
const OUTCOMES = new Set(["resolve", "dismiss", "label"]);
type RelayAction = "reject_event" | "ban_author";

const relayDone: Record<RelayAction, { done: string; undone: string }> = {
  reject_event: { done: "Rejected through the relay queue", undone: "Reject undone: approved after all" },
  ban_author: { done: "Author banned (tier blocked)", undone: "Ban undone: the previous tier is back" },
};
const summary = (verb: string, result: Result) =>
  `${verb}: ${result.changed.length} subject(s) done${result.skipped.length ? `; ${result.skipped.length} skipped (${result.skipped[0]!.why})` : ""}.${told(result)}`;
const told = ({ told }: Result) =>
  !told ? "" : ` Reporters told by DM: ${told.sent}${told.skippedMuted ? `, ${told.skippedMuted} muted skipped` : ""}${told.failed.length ? `; ${told.failed.length} could not be told (${told.failed[0]!.reporter}: ${told.failed[0]!.error})` : ""}.`;

/**
 * The inbox's action bar: acts on the subjects ticked in the list (several at once),
 * with an optional note; feedback stays beside the buttons. Sticky from the small
 * breakpoint up: on a phone the bar, taller than half the screen, would hide the rows,
 * so it follows the list there.
 */
export function SubjectActions({ canLabel, canRelay, canTell = false, ids: fixed }: { canLabel: boolean; canRelay: boolean; canTell?: boolean; ids?: number[] }) {
  const router = useRouter();
  const [note, setNote] = useState("");
  const [val, setVal] = useState("");
  const [takeOver, setTakeOver] = useState(false);
  const [tell, setTell] = useState(false);
  const [pending, setBusy] = useState(false);
  // Disabled until hydrated too: a tap on a button without its handler yet would be lost.
  const hydrated = useHydrated();
  const busy = pending || !hydrated;
  const [message, setMessage] = useState<{ tone: "ok" | "error"; text: string } | null>(null);
  const keys = useInboxKeys({ busy, act: (action, ids) => void act(action, {}, ids) });

  async function act(action: string, extra: Record<string, unknown> = {}, chosen?: number[]) {
    const form = document.getElementById(SUBJECT_FORM) as HTMLFormElement | null;
    const ids = chosen ?? fixed ?? (form ? new FormData(form).getAll("subject").map(Number) : []);
    if (ids.length === 0) return setMessage({ tone: "error", text: "Tick one or more subjects first." });
    if (action === "comment" && !note.trim()) return setMessage({ tone: "error", text: "Write the comment in the note field." });
    setBusy(true);
    const withNote = action !== "claim" && action !== "release" && note.trim();
    const tellReporters = tell && OUTCOMES.has(action) && !extra.neg;
    const result = await requestJson<Result>("/api/reports/actions", { body: { ids, action, takeOver, ...(withNote && { note: note.trim() }), ...(tellReporters && { tellReporters }), ...extra } });
    setBusy(false);
    if (!result.ok) {
      if (result.signIn) showToast({ tone: "error", text: result.error, actions: [signInAction()] });
      return setMessage({ tone: "error", text: result.error });
    }
    // The decision stands either way; a DM that failed is the moderator's to know about.
    setMessage({ tone: result.data.told?.failed.length ? "error" : "ok", text: summary(action, result.data) });
    if ((action === "reject_event" || action === "ban_author") && result.data.changed.length > 0) offerUndo(action, result.data.changed, takeOver);
    setNote("");
    setTakeOver(false);
    setTell(false);
    router.refresh();
  }

  /** A reject or ban through the relay gets Undo in the toast: approve after all, or the tier back. */
  function offerUndo(action: RelayAction, ids: number[], withTakeOver: boolean) {
    const undo = async () => {
      const result = await requestJson<Result>("/api/reports/actions", { body: { action: "undo", of: action, ids, takeOver: withTakeOver } });
      if (!result.ok) return showToast({ tone: "error", text: result.error, actions: result.signIn ? [signInAction()] : undefined });
      const failed = result.data.skipped[0];
      showToast(failed ? { tone: "error", text: `${summary("undo", result.data)}` } : { tone: "success", text: `${relayDone[action].undone} (${ids.length} subject(s)).`, duration: 5000 });
      router.refresh();
    };
    showToast({ tone: "success", text: `${relayDone[action].done}: ${ids.length} subject(s).`, actions: [{ label: "Undo", testId: "toast-undo", onClick: () => void undo() }], duration: 15_000 });
  }

  return (
    <section aria-label="Act on the ticked subjects" className="bottom-0 z-10 mt-4 space-y-3 rounded-xl border border-line bg-surface p-3 shadow-lg sm:sticky" data-testid="subject-actions">
      <label className="block text-sm font-medium">
        Note (audit log and history)
        <input className={fieldClass} value={note} onChange={(event) => setNote(event.target.value)} maxLength={2000} data-testid="action-note" />
      </label>
      <div className="flex flex-wrap gap-2">
        <button type="button" className={buttonClass.secondary} disabled={busy} onClick={() => act("dismiss")} data-testid="action-dismiss">Dismiss</button>
        <button type="button" className={buttonClass.secondary} disabled={busy} onClick={() => act("escalate")} data-testid="action-escalate">Escalate</button>
        <button type="button" className={buttonClass.secondary} disabled={busy} onClick={() => act("resolve")} data-testid="action-resolve">Resolve</button>
        <button type="button" className={buttonClass.secondary} disabled={busy} onClick={() => act("reopen")} data-testid="action-reopen">Reopen</button>
        <button type="button" className={buttonClass.secondary} disabled={busy} onClick={() => act("comment")} data-testid="action-comment">Comment</button>
        <button type="button" className={buttonClass.secondary} disabled={busy} onClick={() => act("claim")} data-testid="action-claim">Claim</button>
        <button type="button" className={buttonClass.secondary} disabled={busy} onClick={() => act("release")} data-testid="action-release">Release</button>
      </div>
      {canRelay ? (
        <div className="flex flex-wrap gap-2" aria-label="Nostr actions, through the relay queue" role="group">
          <button type="button" className={buttonClass.danger} disabled={busy} onClick={() => act("reject_event")} data-testid="action-reject-event">Reject event</button>
          <button type="button" className={buttonClass.danger} disabled={busy} onClick={() => act("ban_author")} data-testid="action-ban-author">Ban author</button>
        </div>
      ) : null}
      <label className="flex min-h-11 items-center gap-2 text-sm">
        <input type="checkbox" checked={takeOver} onChange={(event) => setTakeOver(event.target.checked)} className="size-5" data-testid="action-take-over" />
        Take over subjects another moderator has claimed
      </label>
      {canTell ? (
        <label className="flex min-h-11 items-center gap-2 text-sm">
          <input type="checkbox" checked={tell} onChange={(event) => setTell(event.target.checked)} className="size-5" data-testid="action-tell" />
          Tell the Bluesky reporters the outcome by DM (on resolve, dismiss or a label; a fixed message, no names)
        </label>
      ) : null}
      {canLabel ? (
        <div className="flex flex-wrap items-end gap-2">
          <label className="block min-w-40 flex-1 text-sm font-medium">
            Label value
            <input className={fieldClass} value={val} onChange={(event) => setVal(event.target.value)} placeholder="spam" maxLength={128} data-testid="action-label-value" />
          </label>
          <button type="button" className={buttonClass.primary} disabled={busy || !val} onClick={() => act("label", { val, neg: false })} data-testid="action-label">Apply label</button>
          <button type="button" className={buttonClass.danger} disabled={busy || !val} onClick={() => act("label", { val, neg: true })} data-testid="action-negate">Negate label</button>
        </div>
      ) : null}
      {fixed ? null : <SubjectBatchForm form={SUBJECT_FORM} canLabel={canLabel} busy={busy} />}
      <p className="hidden text-xs text-muted sm:block">
        Keyboard: <kbd className={kbdClass}>j</kbd>/<kbd className={kbdClass}>k</kbd> move, <kbd className={kbdClass}>x</kbd> tick, <kbd className={kbdClass}>?</kbd> all shortcuts.
      </p>
      <ShortcutsDialog open={keys.helpOpen} onClose={() => keys.setHelpOpen(false)} shortcuts={inboxShortcuts} footnote="Shortcuts are off while typing in a field. e and d act on the ticked subjects, or on the current one when none is ticked." />
      <p role="status" aria-live="polite" className={message?.tone === "error" ? "text-danger" : "text-muted"} data-testid="action-message">
        {message?.text}
      </p>
    </section>
  );
}
