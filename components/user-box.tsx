import type { Principal } from "@/lib/auth/permissions";
import { LogoutButton } from "./logout-button";
import { RoleBadge } from "./role-badge";

/** Who is signed in, and the way out. */
export function UserBox({ principal }: { principal: Principal }) {
  return (
    <div className="mt-auto border-t border-line p-3">
      <p className="text-xs text-muted">Signed in as</p>
      <div className="mt-0.5 mb-3 flex flex-wrap items-center gap-2">
        <span className="min-w-0 font-medium break-words" data-testid="principal-name">
          {principal.name}
        </span>
        <RoleBadge role={principal.role} />
      </div>
      <LogoutButton />
    </div>
  );
}
