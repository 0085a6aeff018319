"use client";

import { useId, type FormEvent } from "react";
import { useQueue } from "./queue-controller";
import type { PanelKind } from "./queue-state";
import { buttonClass, fieldClass, kbdClass } from "./styles";
import { useHydrated } from "./use-hydrated";
import { FormError } from "../form-error";

type ItemActionsProps = {
  id: string;
  undecided: boolean;
  /** Rejected: offered "Approve after all" (the reject's undo, after its toast). */
  rejected: boolean;
  authorBlocked: boolean;
  /** The author as shown on the item (shortened pubkey). */
  author: string;
  /** The author's events still waiting, which a ban rejects. */
  authorWaiting: number;
};

/** Approve, reject (with an optional reason) and ban the author, with inline confirmation and errors; approve a rejected one after all. */
export function ItemActions({ id, undecided, rejected, authorBlocked, author, authorWaiting }: ItemActionsProps) {
  const queue = useQueue();
  const hydrated = useHydrated();
  const done = queue.doneLabel(id);
  const busy = queue.isBusy(id) || !hydrated;
  const error = queue.errorFor(id);
  const panel = queue.panel?.id === id ? queue.panel.kind : null;
  const decidable = undecided && queue.canDecide;
  const overturnable = rejected && queue.canDecide;
  const bannable = queue.canBan && !authorBlocked;
  if (done) {
    return (
      <p className="mt-3 text-sm font-semibold" data-testid="item-done">
        {done}
      </p>
    );
  }
  if (!decidable && !overturnable && !bannable) return null;

  return (
    <div className="mt-3 space-y-3">
      {panel ? null : (
        <div className="grid grid-cols-2 gap-2 sm:flex sm:flex-wrap">
          {decidable ? (
            <>
              <ActionButton className={buttonClass.primary} shortcut="a" disabled={busy} onClick={() => queue.approve(id)} testId="approve">
                {busy && hydrated ? "Saving…" : "Approve"}
              </ActionButton>
              <ActionButton className={buttonClass.danger} shortcut="r" disabled={busy} onClick={() => queue.openPanel(id, "reject")} testId="reject">
                Reject…
              </ActionButton>
            </>
          ) : null}
          {overturnable ? (
            <button type="button" className={`${buttonClass.secondary} col-span-2`} disabled={busy} onClick={() => void queue.approveAfterAll(id)} data-testid="approve-after-all">
              {busy && hydrated ? "Saving…" : "Approve after all"}
            </button>
          ) : null}
          {bannable ? (
            <ActionButton className={`${buttonClass.secondary} col-span-2 text-danger`} shortcut="b" disabled={busy} onClick={() => queue.openPanel(id, "ban")} testId="ban">
              Ban author…
            </ActionButton>
          ) : null}
        </div>
      )}
      {panel ? <ConfirmPanel id={id} kind={panel} busy={busy} author={author} authorWaiting={authorWaiting} /> : null}
      <FormError message={error} testId="item-error" />
    </div>
  );
}

function ActionButton(props: { className: string; shortcut: string; disabled: boolean; onClick: () => void; testId: string; children: React.ReactNode }) {
  return (
    <button type="button" className={props.className} disabled={props.disabled} onClick={props.onClick} aria-keyshortcuts={props.shortcut} data-testid={props.testId}>
      {props.children}
      <kbd aria-hidden="true" className={`${kbdClass} hidden md:inline`}>
        {props.shortcut}
      </kbd>
    </button>
  );
}

/** The second step of a reject or a ban: an optional reason, then confirm or cancel (Escape). */
function ConfirmPanel({ id, kind, busy, author, authorWaiting }: { id: string; kind: PanelKind; busy: boolean; author: string; authorWaiting: number }) {
  const queue = useQueue();
  const reasonId = useId();
  const ban = kind === "ban";

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const reason = String(new FormData(event.currentTarget).get("reason") ?? "").trim() || undefined;
    void (ban ? queue.ban(id, reason) : queue.reject(id, reason));
  }

  return (
    <form
      onSubmit={onSubmit}
      onKeyDown={(event) => {
        if (event.key === "Escape") {
          event.preventDefault();
          queue.closePanel();
        }
      }}
      aria-label={ban ? "Ban the author" : "Reject the event"}
      className="space-y-2 rounded-lg border border-line bg-surface-raised p-3"
      data-testid={`${kind}-panel`}
    >
      {ban ? (
        <p className="text-sm">
          Ban <span className="font-mono">{author}</span>? Their tier becomes <strong>blocked</strong>, the relay refuses their new
          events, and {authorWaiting === 1 ? "their 1 waiting event is" : `their ${authorWaiting} waiting events are`} rejected.
        </p>
      ) : null}
      <label htmlFor={reasonId} className="block text-sm font-medium">
        Reason <span className="font-normal text-muted">(optional, kept in the audit log)</span>
      </label>
      <input id={reasonId} name="reason" maxLength={500} autoComplete="off" autoFocus className={fieldClass} data-testid={`${kind}-reason`} />
      <div className="grid grid-cols-2 gap-2 sm:flex">
        <button type="submit" disabled={busy} className={ban ? buttonClass.dangerSolid : buttonClass.danger} data-testid={`confirm-${kind}`}>
          {busy ? "Saving…" : ban ? "Ban author" : "Reject event"}
        </button>
        <button type="button" onClick={queue.closePanel} className={buttonClass.secondary}>
          Cancel
        </button>
      </div>
    </form>
  );
}
