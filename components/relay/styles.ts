/** Shared class names of the relay screens (44 px targets, theme tokens only). */
/** A text field or select without a width. */
export const fieldBase =
  "block h-11 min-w-0 rounded-lg border border-line bg-background px-3 text-base outline-none focus-visible:border-accent focus-visible:outline-2 focus-visible:outline-offset-1 focus-visible:outline-ring";
export const fieldClass = `${fieldBase} w-full`;

const buttonBase =
  "inline-flex min-h-11 items-center justify-center gap-2 rounded-lg px-4 font-semibold disabled:cursor-not-allowed disabled:opacity-60";

export const buttonClass = {
  primary: `${buttonBase} bg-accent text-accent-foreground hover:opacity-90`,
  secondary: `${buttonBase} border border-line bg-surface hover:bg-surface-raised`,
  danger: `${buttonBase} border border-danger/50 bg-surface text-danger hover:bg-danger-soft`,
  dangerSolid: `${buttonBase} bg-danger text-background hover:opacity-90`,
};

export const kbdClass = "rounded border border-line bg-surface-raised px-1.5 font-mono text-xs font-medium text-muted";
