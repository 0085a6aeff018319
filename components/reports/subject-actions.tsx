"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { buttonClass, fieldClass } from "@/components/relay/styles";
import { postJson } from "@/components/relay/relay-api";
import { useHydrated } from "@/components/relay/use-hydrated";

export const SUBJECT_FORM = "report-subjects";

type Result = { changed: number[]; skipped: { id: number; why: string }[] };

/**
 * The inbox's action bar: acts on the subjects ticked in the list (several at once),
 * with an optional note; feedback stays beside the buttons, where the thumb is.
 */
export function SubjectActions({ canLabel }: { canLabel: boolean }) {
  const router = useRouter();
  const [note, setNote] = useState("");
  const [val, setVal] = useState("");
  const [takeOver, setTakeOver] = useState(false);
  const [pending, setBusy] = useState(false);
  // Disabled until hydrated too: a tap on a button without its handler yet would be lost.
  const hydrated = useHydrated();
  const busy = pending || !hydrated;
  const [message, setMessage] = useState<{ tone: "ok" | "error"; text: string } | null>(null);

  async function act(action: string, extra: Record<string, unknown> = {}) {
    const form = document.getElementById(SUBJECT_FORM) as HTMLFormElement | null;
    const ids = form ? new FormData(form).getAll("subject").map(Number) : [];
    if (ids.length === 0) return setMessage({ tone: "error", text: "Tick one or more subjects first." });
    if (action === "comment" && !note.trim()) return setMessage({ tone: "error", text: "Write the comment in the note field." });
    setBusy(true);
    const withNote = action !== "claim" && action !== "release" && note.trim();
    const result = await postJson<Result>("/api/reports/actions", { ids, action, takeOver, ...(withNote && { note: note.trim() }), ...extra });
    setBusy(false);
    if (!result.ok) return setMessage({ tone: "error", text: result.message });
    const skipped = result.data.skipped.length ? `; ${result.data.skipped.length} skipped (${result.data.skipped[0]!.why})` : "";
    setMessage({ tone: "ok", text: `${action}: ${result.data.changed.length} subject(s) done${skipped}.` });
    setNote("");
    setTakeOver(false);
    router.refresh();
  }

  return (
    <section aria-label="Act on the ticked subjects" className="sticky bottom-0 z-10 mt-4 space-y-3 rounded-xl border border-line bg-surface p-3 shadow-lg" data-testid="subject-actions">
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
      <label className="flex min-h-11 items-center gap-2 text-sm">
        <input type="checkbox" checked={takeOver} onChange={(event) => setTakeOver(event.target.checked)} className="size-5" data-testid="action-take-over" />
        Take over subjects another moderator has claimed
      </label>
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
      <p role="status" aria-live="polite" className={message?.tone === "error" ? "text-danger" : "text-muted"} data-testid="action-message">
        {message?.text}
      </p>
    </section>
  );
}
