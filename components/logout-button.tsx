"use client";

import { signOut } from "next-auth/react";
import { useState } from "react";

export function LogoutButton() {
  const [pending, setPending] = useState(false);
  return (
    <button
      type="button"
      data-testid="logout"
      disabled={pending}
      onClick={() => {
        setPending(true);
        void signOut({ callbackUrl: "/login" }).catch(() => setPending(false));
      }}
      className="inline-flex min-h-11 w-full items-center justify-center rounded-lg border border-line px-3 text-sm font-medium hover:bg-surface-raised disabled:cursor-wait disabled:opacity-70"
    >
      {pending ? "Logging out…" : "Log out"}
    </button>
  );
}
