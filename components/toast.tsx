"use client";

import { useEffect, useSyncExternalStore, type ReactNode } from "react";

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

// One toast at a time for the whole page: a new result replaces the last. A module
// store, so a result outlives the row or dialog that asked for it (a resolved flag's
// row leaves the list, its Undo stays on screen).
let current: Shown | null = null;
let counter = 0;
const listeners = new Set<() => void>();
const emit = () => listeners.forEach((listener) => listener());

/** Shows a toast; returns its id (for dismissToast). */
export function showToast(content: ToastContent): number {
  current = { ...content, id: ++counter };
  emit();
  return counter;
}

/** Hides the toast with this id (or whichever is shown). */
export function dismissToast(id?: number): void {
  if (!current || (id !== undefined && current.id !== id)) return;
  current = null;
  emit();
}

const subscribe = (listener: () => void) => {
  listeners.add(listener);
  return () => listeners.delete(listener);
};

function useCurrentToast(): Shown | null {
  return useSyncExternalStore(
    subscribe,
    () => current,
    () => null,
  );
}

const tones: Record<ToastContent["tone"], string> = {
  success: "border-accent/50",
  error: "border-danger text-danger",
  info: "border-line",
};

const actionClass = "inline-flex min-h-11 shrink-0 items-center rounded-lg border border-line bg-surface-raised px-3 font-semibold";

/**
 * Where every action's result is said (one host per page): fixed at the bottom, where the thumb is on a
 * phone (`bottomClass` lifts it above a sticky bar). A live region, so screen
 * readers hear it; errors are alerts.
 */
export function ToastHost({ bottomClass = "bottom-4" }: { bottomClass?: string }) {
  const toast = useCurrentToast();
  useEffect(() => {
    if (!toast?.duration) return;
    const timer = setTimeout(() => dismissToast(toast.id), toast.duration);
    return () => clearTimeout(timer);
  }, [toast]);

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
          <button type="button" onClick={() => dismissToast(toast.id)} aria-label="Dismiss" className="inline-flex size-11 items-center justify-center rounded-lg text-lg text-muted">
            ×
          </button>
        </div>
      ) : null}
    </div>
  );
}

/** The sign-in link for an error where a session can expire, coming back to this page. */
export function signInAction(): ToastAction {
  return { label: "Sign in", href: signInHref(), testId: "toast-sign-in" };
}

/** The login page, coming back to where the moderator is. */
export function signInHref(): string {
  return `/login?callbackUrl=${encodeURIComponent(window.location.pathname + window.location.search)}`;
}
