import { can, type Role } from "@/lib/auth/permissions";

export type NavItem = { href: string; label: string };

const items: readonly (NavItem & { hiddenFor?: (role: Role) => boolean })[] = [
  { href: "/", label: "Overview" },
  { href: "/flags", label: "Flags" },
  { href: "/batches", label: "Batches" },
  { href: "/relay", label: "Relay queue" },
  { href: "/reports", label: "Reports", hiddenFor: (role) => !can(role, "reports:read") },
  { href: "/labels", label: "Labels" },
  { href: "/label-definitions", label: "Definitions", hiddenFor: (role) => !can(role, "labeler:manage") },
  { href: "/triage", label: "Triage" },
  { href: "/audit", label: "Audit log", hiddenFor: (role) => !can(role, "audit:read") },
  { href: "/settings", label: "Settings" },
];

/** The dashboard's sections a role can open (all of them while the role is unknown). */
export function navItemsFor(role: Role | undefined): NavItem[] {
  return items
    .filter((item) => !role || !item.hiddenFor?.(role))
    .map(({ href, label }) => ({ href, label }));
}
