import { AppError } from "@/lib/errors";

export const roles = ["admin", "moderator", "triage", "reporter"] as const;
export type Role = (typeof roles)[number];

/**
 * The one table of who may do what. `triage` is for automated review (the cron
 * and read-only helpers): it can read and run triage but never label or ban.
 * `reporter` is a service that files reports (a scanner) and can do nothing else.
 */
const permissions = {
  "dashboard:view": ["admin", "moderator", "triage"],
  "audit:read": ["admin", "moderator"],
  "labels:write": ["admin", "moderator"],
  "flags:review": ["admin", "moderator"],
  "relay:decide": ["admin", "moderator"],
  "relay:trust": ["admin", "moderator"],
  "triage:run": ["admin", "triage"],
  "tokens:manage": ["admin"],
  "labeler:manage": ["admin"],
  "reports:read": ["admin", "moderator"],
  "reports:review": ["admin", "moderator"],
  "reports:file": ["admin", "reporter"],
} as const satisfies Record<string, readonly Role[]>;

export type Action = keyof typeof permissions;

export function can(role: Role, action: Action): boolean {
  return (permissions[action] as readonly Role[]).includes(role);
}

/** Who is acting: a stored moderator token or the ADMIN_TOKEN from the environment. */
export type Principal = { name: string; role: Role; tokenId: number | null };

export function assertCan(principal: Principal, action: Action): void {
  if (!can(principal.role, action)) {
    throw new AppError("forbidden", `Role ${principal.role} may not perform ${action}`);
  }
}
