"use client";

import { useId, useState, type ReactNode } from "react";
import { useHydrated } from "./relay/use-hydrated";

/**
 * Filters folded behind one button on a phone, where they would push the list below
 * the fold; always shown from the md breakpoint. The button says what is filtered, so
 * the folded state still tells where the moderator is.
 */
type Props = { summary: string; label?: string; className?: string; children: ReactNode };

export function FilterDisclosure({ summary, label = "Filters", className = "mb-4", children }: Props) {
  const [open, setOpen] = useState(false);
  const hydrated = useHydrated();
  const id = useId();
  return (
    <div className={className}>
      <button
        type="button"
        onClick={() => setOpen((shown) => !shown)}
        disabled={!hydrated}
        aria-expanded={open}
        aria-controls={id}
        className="flex min-h-11 w-full items-center justify-between gap-3 rounded-lg border border-line bg-surface px-4 text-left text-sm font-medium md:hidden"
        data-testid="filters-toggle"
      >
        <span className="min-w-0 [overflow-wrap:anywhere]">
          {label} <span className="font-normal text-muted">· {summary}</span>
        </span>
        <span aria-hidden="true">{open ? "▴" : "▾"}</span>
      </button>
      <div id={id} className={open ? "mt-3 md:mt-0" : "hidden md:block"} data-testid="filters-panel">
        {children}
      </div>
    </div>
  );
}
