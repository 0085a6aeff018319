import { Suspense, type ReactNode } from "react";
import { NavDisclosure } from "@/components/nav-disclosure";
import { navItemsFor } from "@/components/nav-items";
import { NavLinks } from "@/components/nav-links";
import { NavigationProgress } from "@/components/navigation-progress";
import { ToastHost } from "@/components/toast";
import { UserBox } from "@/components/user-box";
import { currentPrincipal } from "@/lib/auth/session";

/**
 * The signed-in shell. The principal here is for display only: every page checks
 * access itself with requirePagePrincipal(path), since a layout does not know it.
 */
export default async function DashboardLayout({ children }: { children: ReactNode }) {
  const principal = await currentPrincipal();
  return (
    <div className="min-h-dvh md:flex">
      <a
        href="#main"
        className="sr-only z-30 rounded-lg bg-accent font-semibold text-accent-foreground focus:not-sr-only focus:fixed focus:top-2 focus:left-2 focus:px-4 focus:py-3"
      >
        Skip to content
      </a>
      <NavDisclosure>
        <nav aria-label="Main" className="p-2 md:px-3">
          <NavLinks items={navItemsFor(principal?.role)} />
        </nav>
        {principal ? <UserBox principal={principal} /> : null}
      </NavDisclosure>
      <main id="main" tabIndex={-1} className="min-w-0 flex-1 px-4 py-6 outline-none md:px-8 md:py-8">
        <div className="mx-auto max-w-6xl">{children}</div>
      </main>
      <ToastHost />
      <Suspense>
        <NavigationProgress />
      </Suspense>
    </div>
  );
}
