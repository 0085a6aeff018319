import Link from "next/link";

export default function NotFound() {
  return (
    <main className="flex min-h-dvh items-center justify-center px-4">
      <div className="max-w-sm text-center">
        <h1 className="text-2xl font-semibold">Page not found</h1>
        <p className="mt-2 text-muted">There is nothing at this address.</p>
        <Link
          href="/"
          className="mt-6 inline-flex min-h-11 items-center rounded-lg bg-accent px-4 font-semibold text-accent-foreground hover:opacity-90"
        >
          Go to the overview
        </Link>
      </div>
    </main>
  );
}
