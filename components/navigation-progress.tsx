"use client";

import { usePathname, useSearchParams } from "next/navigation";
import { useEffect, useRef, useState } from "react";

/** Quick navigations show nothing; a bar that flashes on every click is noise. */
const SHOW_AFTER_MS = 200;
/** A navigation that never lands (an error page at the same URL) does not leave the bar forever. */
const GIVE_UP_MS = 20_000;

/**
 * A route-level loading indicator: a bar at the top and "Loading…" for screen readers
 * (role=status, with aria-busy on the main region) from a click on an in-app link until
 * the new URL is rendered. The page being left stays readable meanwhile.
 */
export function NavigationProgress() {
  const pathname = usePathname();
  const search = useSearchParams().toString();
  const [pending, setPending] = useState(false);
  const [shown, setShown] = useState(false);
  const status = useRef<HTMLDivElement>(null);

  // eslint-disable-next-line react-hooks/set-state-in-effect -- the new URL rendered: the navigation is over
  useEffect(() => setPending(false), [pathname, search]);

  useEffect(() => {
    // Capture phase: before next/link's handler prevents the default.
    const onClick = (event: MouseEvent) => {
      if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
      const link = (event.target as Element | null)?.closest?.("a[href]");
      if (!(link instanceof HTMLAnchorElement) || (link.target && link.target !== "_self") || link.hasAttribute("download")) return;
      const url = new URL(link.href, window.location.href);
      if (url.origin !== window.location.origin || (url.pathname === window.location.pathname && url.search === window.location.search)) return;
      setShown(false);
      setPending(true);
    };
    window.addEventListener("click", onClick, true);
    // Clicks count from here on (before hydration a link is a plain page load): tests wait for it.
    status.current?.setAttribute("data-listening", "");
    return () => window.removeEventListener("click", onClick, true);
  }, []);

  useEffect(() => {
    if (!pending) return;
    const show = setTimeout(() => setShown(true), SHOW_AFTER_MS);
    const giveUp = setTimeout(() => setPending(false), GIVE_UP_MS);
    return () => {
      clearTimeout(show);
      clearTimeout(giveUp);
    };
  }, [pending]);

  const visible = pending && shown;
  useEffect(() => {
    const main = document.getElementById("main");
    if (visible) main?.setAttribute("aria-busy", "true");
    else main?.removeAttribute("aria-busy");
  }, [visible]);

  return (
    <div ref={status} role="status" aria-live="polite" className="pointer-events-none fixed inset-x-0 top-0 z-40" data-testid="navigation-progress" data-busy={visible || undefined}>
      {visible ? (
        <>
          <div aria-hidden="true" className="h-1 w-full animate-pulse bg-accent" />
          <span className="sr-only">Loading…</span>
        </>
      ) : null}
    </div>
  );
}
