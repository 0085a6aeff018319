import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { LoginForm } from "@/components/login-form";
import { Logo } from "@/components/logo";
import { currentPrincipal } from "@/lib/auth/session";
import { safeCallbackPath } from "./callback-path";
import { loginErrorMessage } from "@/lib/auth/login-error";

export const dynamic = "force-dynamic";

export const metadata: Metadata = { title: "Sign in" };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

export default async function LoginPage({ searchParams }: { searchParams: SearchParams }) {
  const params = await searchParams;
  const callbackUrl = safeCallbackPath(params.callbackUrl);
  if (await currentPrincipal()) redirect(callbackUrl);

  // next-auth sends a failed sign-in without JavaScript back here with `?error=`.
  const initialError = typeof params.error === "string" && params.error ? loginErrorMessage(params.error) : null;

  return (
    <main className="flex min-h-dvh items-start justify-center px-4 py-12 sm:items-center">
      <div className="w-full max-w-sm">
        <div className="mb-6 flex items-center gap-2 text-lg font-semibold">
          <Logo className="size-7" />
          Warden
        </div>
        <section aria-labelledby="login-title" className="rounded-xl border border-line bg-surface p-6 shadow-sm">
          <h1 id="login-title" className="text-xl font-semibold">
            Sign in
          </h1>
          <p className="mt-1 text-sm text-muted">Use the moderator token an administrator gave you.</p>
          <LoginForm callbackUrl={callbackUrl} initialError={initialError} />
        </section>
        <p className="mt-4 text-sm text-muted">
          Administrators create tokens with <code className="font-mono whitespace-nowrap text-foreground">npm run token -- create</code>.
        </p>
      </div>
    </main>
  );
}
