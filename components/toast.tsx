"use client";

import { useCallback, useEffect, useRef, useState, type ReactNode } from "react";

export type ToastAction = { label: string; href: string; testId?: string } | { label: string; onClick: () => void; testId?: string };

export type ToastContent = {
  tone: "success" | "error" | "info";
  text: ReactNode;
  /** Up to two buttons or links: Undo, Sign in, Next batch. */
  actions?: ToastAction[];
  /** Milliseconds before it goes; errors and toasts with actions stay until replaced or closed when omitted. */
  duration?: number;
};

type Shown = ToastContent & { id: number };

/** One toast at a time: a new result replaces the last. `show` returns the toast's id. */
export function useToast() {
  const [toast, setToast] = useState<Shown | null>(null);
  const next = useRef(0);
  const show = useCallback((content: ToastContent) => {
    const id = ++next.current;
    setToast({ ...content, id });
    return id;
  }, []);
  const dismiss = useCallback((id?: number) => setToast((current) => (id === undefined || current?.id === id ? null : current)), []);
  return { toast, show, dismiss };
}

const tones: Record<ToastContent["tone"], string> = {
  success: "border-accent/50",
  error: "border-danger text-danger",
  info: "border-line",
};

const actionClass = "inline-flex min-h-11 shrink-0 items-center rounded-lg border border-line bg-surface-raised px-3 font-semibold";

/**
 * Where every action's result is said: fixed at the bottom, where the thumb is on a
 * phone (`bottomClass` lifts it above a sticky bar). A live region, so screen
 * readers hear it; errors are alerts.
 */
export function Toast({ toast, onDismiss, bottomClass = "bottom-4" }: { toast: Shown | null; onDismiss: (id: number) => void; bottomClass?: string }) {
  useEffect(() => {
    if (!toast?.duration) return;
    const timer = setTimeout(() => onDismiss(toast.id), toast.duration);
    return () => clearTimeout(timer);
  }, [toast, onDismiss]);

  return (
    <div aria-live={toast?.tone === "error" ? "assertive" : "polite"} className={`pointer-events-none fixed inset-x-3 z-20 ${bottomClass}`}>
      {toast ? (
        <div
          key={toast.id}
          role={toast.tone === "error" ? "alert" : "status"}
          data-testid="toast"
          data-tone={toast.tone}
          className={`pointer-events-auto mx-auto flex max-w-2xl flex-wrap items-center gap-2 rounded-xl border-2 bg-surface px-4 py-2 text-sm font-medium shadow-lg ${tones[toast.tone]}`}
        >
          <div className="min-w-0 flex-1 py-1.5 text-foreground [overflow-wrap:anywhere]">{toast.text}</div>
          {toast.actions?.map((action) =>
            "href" in action ? (
              <a key={action.label} href={action.href} className={actionClass} data-testid={action.testId}>
                {action.label}
              </a>
            ) : (
              <button key={action.label} type="button" onClick={action.onClick} className={actionClass} data-testid={action.testId}>
                {action.label}
              </button>
            ),
          )}
          <button type="button" onClick={() => onDismiss(toast.id)} aria-label="Dismiss" className="inline-flex size-11 items-center justify-center rounded-lg text-lg text-muted">
            ×
          </button>
        </div>
      ) : null}
    </div>
  );
}

/** The sign-in link for an error where a session can expire, coming back to this page. */
export function signInAction(): ToastAction {
  return { label: "Sign in", href: `/login?callbackUrl=${encodeURIComponent(window.location.pathname + window.location.search)}`, testId: "toast-sign-in" };
}
