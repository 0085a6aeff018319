"use client";

/** A page of the dashboard failed (typically the database was unreachable); the shell stays. */
export default function DashboardError({ error, retry }: { error: unknown; retry: () => void }) {
  const digest = error instanceof Error && "digest" in error ? String((error as { digest?: unknown }).digest ?? "") : "";
  return (
    <div role="alert" className="rounded-xl border border-line bg-surface p-6">
      <h1 className="text-xl font-semibold">This page could not be loaded</h1>
      <p className="mt-2 max-w-prose text-muted">
        The server could not read what this page shows. If the database was just starting or restarting, trying again
        usually works.
      </p>
      {digest ? <p className="mt-2 font-mono text-xs text-muted">Reference: {digest}</p> : null}
      <button
        type="button"
        onClick={() => retry()}
        className="mt-4 inline-flex min-h-11 items-center rounded-lg bg-accent px-4 font-semibold text-accent-foreground hover:opacity-90"
      >
        Try again
      </button>
    </div>
  );
}
