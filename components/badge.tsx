import type { HTMLAttributes, ReactNode } from "react";

/** The bordered pill every status, tier, role and outcome is shown in; tones are theme tokens only. */
const tones = {
  accent: "border-accent/40 bg-accent-soft text-foreground",
  neutral: "border-line bg-surface-raised text-foreground",
  muted: "border-line bg-surface-raised text-muted",
  warning: "border-warning/40 bg-warning-soft text-warning",
  danger: "border-danger/50 bg-danger-soft text-danger",
} as const;

export type BadgeTone = keyof typeof tones;

type BadgeProps = { tone: BadgeTone; testId?: string; children: ReactNode } & Omit<HTMLAttributes<HTMLSpanElement>, "className">;

export function Badge({ tone, testId, children, ...attributes }: BadgeProps) {
  return (
    <span
      {...attributes}
      data-testid={testId}
      className={`inline-flex items-center gap-1 rounded-full border px-2 py-0.5 text-xs font-medium whitespace-nowrap ${tones[tone]}`}
    >
      {children}
    </span>
  );
}
