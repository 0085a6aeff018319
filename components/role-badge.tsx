import type { Role } from "@/lib/auth/permissions";

export function RoleBadge({ role }: { role: Role }) {
  return (
    <span className="inline-flex items-center rounded-full border border-line bg-surface-raised px-2 py-0.5 text-xs font-medium text-foreground">
      {role}
    </span>
  );
}
