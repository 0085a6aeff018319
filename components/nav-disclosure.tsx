"use client";

import Link from "next/link";
import { useRef, useState, type KeyboardEvent, type MouseEvent, type ReactNode } from "react";
import { Logo } from "./logo";
import { useHydrated } from "./relay/use-hydrated";

/**
 * The dashboard's navigation frame: a compact top bar with a Menu button on
 * phones, a fixed sidebar from the md breakpoint. The menu closes when a link is
 * followed or on Escape.
 */
export function NavDisclosure({ children }: { children: ReactNode }) {
  const [open, setOpen] = useState(false);
  const button = useRef<HTMLButtonElement>(null);
  // A tap before React runs here would be lost: the button waits until it can open the menu.
  const hydrated = useHydrated();

  function onPanelClick(event: MouseEvent<HTMLDivElement>) {
    if ((event.target as HTMLElement).closest("a")) setOpen(false);
  }

  function onKeyDown(event: KeyboardEvent<HTMLElement>) {
    if (event.key === "Escape" && open) {
      setOpen(false);
      button.current?.focus();
    }
  }

  return (
    <header
      onKeyDown={onKeyDown}
      className="sticky top-0 z-20 border-b border-line bg-surface md:flex md:h-dvh md:w-60 md:shrink-0 md:flex-col md:border-r md:border-b-0"
    >
      <div className="flex h-14 items-center justify-between gap-2 px-3 md:h-16 md:px-4">
        <Link href="/" className="flex min-h-11 items-center gap-2 rounded-lg px-1 text-lg font-semibold">
          <Logo className="size-7" />
          Warden
        </Link>
        <button
          ref={button}
          type="button"
          aria-expanded={open}
          aria-controls="site-menu"
          disabled={!hydrated}
          onClick={() => setOpen((value) => !value)}
          className="inline-flex min-h-11 min-w-11 items-center justify-center gap-2 rounded-lg border border-line px-3 text-sm font-medium md:hidden"
        >
          <MenuIcon open={open} />
          {open ? "Close" : "Menu"}
        </button>
      </div>
      <div
        id="site-menu"
        onClick={onPanelClick}
        className={`${open ? "flex" : "hidden"} max-h-[calc(100dvh-3.5rem)] flex-col overflow-y-auto border-t border-line md:flex md:max-h-none md:flex-1 md:border-t-0`}
      >
        {children}
      </div>
    </header>
  );
}

function MenuIcon({ open }: { open: boolean }) {
  return (
    <svg viewBox="0 0 20 20" aria-hidden="true" focusable="false" className="size-5" fill="none" stroke="currentColor" strokeWidth="1.8" strokeLinecap="round">
      {open ? <path d="m5 5 10 10M15 5 5 15" /> : <path d="M3 5.5h14M3 10h14M3 14.5h14" />}
    </svg>
  );
}
