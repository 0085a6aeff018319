"use client";

import { signIn } from "next-auth/react";
import { useRef, useState, type FormEvent } from "react";
import { loginErrorMessage } from "@/lib/auth/login-error";

type Failure = { message: string; attempt: number };

/**
 * Exchanges a moderator token for a session cookie. The token lives only in the
 * input (uncontrolled, no `name`, so a native form submit never sends it) and is
 * cleared after a failure; nothing is kept in browser storage.
 */
export function LoginForm({ callbackUrl, initialError }: { callbackUrl: string; initialError: string | null }) {
  const input = useRef<HTMLInputElement>(null);
  const [pending, setPending] = useState(false);
  const [failure, setFailure] = useState<Failure | null>(initialError ? { message: initialError, attempt: 0 } : null);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const field = input.current;
    if (!field || pending) return;
    const token = field.value.trim();
    const attempt = (failure?.attempt ?? 0) + 1;
    if (!token) {
      setFailure({ message: "Enter your moderator token.", attempt });
      field.focus();
      return;
    }

    setPending(true);
    let message: string;
    try {
      const result = await signIn("credentials", { token, redirect: false, callbackUrl });
      if (result?.ok && !result.error) {
        // A full navigation, so the server renders the next page with the new cookie.
        window.location.assign(sameOriginPath(result.url) ?? callbackUrl);
        return;
      }
      message = loginErrorMessage(result?.error, result?.status);
    } catch {
      message = loginErrorMessage(null);
    }
    field.value = "";
    setFailure({ message, attempt });
    setPending(false);
    field.focus();
  }

  return (
    <form onSubmit={onSubmit} method="post" noValidate className="mt-6 space-y-4">
      <div className="space-y-1.5">
        <label htmlFor="token" className="block text-sm font-medium">
          Moderator token
        </label>
        <input
          ref={input}
          id="token"
          type="password"
          autoComplete="off"
          autoCapitalize="none"
          autoCorrect="off"
          spellCheck={false}
          required
          aria-invalid={failure ? true : undefined}
          aria-describedby={failure ? "login-error" : undefined}
          data-testid="token-input"
          className="block h-11 w-full rounded-lg border border-line bg-background px-3 font-mono text-base outline-none focus-visible:border-accent focus-visible:outline-2 focus-visible:outline-offset-1 focus-visible:outline-ring"
        />
      </div>
      {failure ? (
        <p
          key={failure.attempt}
          id="login-error"
          role="alert"
          data-testid="login-error"
          className="rounded-lg bg-danger-soft px-3 py-2 text-sm font-medium text-danger"
        >
          {failure.message}
        </p>
      ) : null}
      <button
        type="submit"
        disabled={pending}
        data-testid="login-submit"
        className="inline-flex h-11 w-full items-center justify-center rounded-lg bg-accent px-4 font-semibold text-accent-foreground hover:opacity-90 disabled:cursor-wait disabled:opacity-70"
      >
        {pending ? "Signing in…" : "Sign in"}
      </button>
    </form>
  );
}

/** next-auth's success URL as a path on this origin; null if it points anywhere else. */
function sameOriginPath(url: string | null | undefined): string | null {
  if (!url) return null;
  try {
    const parsed = new URL(url, window.location.href);
    return parsed.origin === window.location.origin ? `${parsed.pathname}${parsed.search}${parsed.hash}` : null;
  } catch {
    return null;
  }
}
