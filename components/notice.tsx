import type { ReactNode } from "react";

/** An inline message inside a page (a bad filter, a missing permission). */
export function Notice({ tone = "info", children, testId }: { tone?: "info" | "error"; children: ReactNode; testId?: string }) {
  const colours = tone === "error" ? "bg-danger-soft text-danger" : "bg-accent-soft text-foreground";
  return (
    <div role={tone === "error" ? "alert" : "status"} data-testid={testId} className={`rounded-lg px-4 py-3 text-sm ${colours}`}>
      {children}
    </div>
  );
}
