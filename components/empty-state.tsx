import type { ReactNode } from "react";

/** What will appear in a section, said plainly while it has nothing to show. */
export function EmptyState({ title, children, testId }: { title: string; children?: ReactNode; testId?: string }) {
  return (
    <section
      data-testid={testId}
      className="mt-6 rounded-xl border border-dashed border-line bg-surface px-5 py-8 text-center sm:px-8"
    >
      <h2 className="text-base font-semibold">{title}</h2>
      {children ? <div className="mx-auto mt-2 max-w-prose space-y-2 text-sm text-muted">{children}</div> : null}
    </section>
  );
}
