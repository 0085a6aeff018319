"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import type { NavItem } from "./nav-items";

/** The section links; the current one is marked with aria-current. */
export function NavLinks({ items }: { items: NavItem[] }) {
  const pathname = usePathname();
  return (
    <ul className="space-y-0.5">
      {items.map((item) => {
        const current = item.href === "/" ? pathname === "/" : pathname === item.href || pathname.startsWith(`${item.href}/`);
        return (
          <li key={item.href}>
            <Link
              href={item.href}
              aria-current={current ? "page" : undefined}
              className={`flex min-h-11 items-center rounded-lg px-3 text-[0.9375rem] font-medium ${
                current ? "bg-accent-soft text-foreground" : "text-muted hover:bg-surface-raised hover:text-foreground"
              }`}
            >
              {current ? <span aria-hidden="true" className="-ml-1 mr-2 h-5 w-1 rounded-full bg-accent" /> : null}
              {item.label}
            </Link>
          </li>
        );
      })}
    </ul>
  );
}
