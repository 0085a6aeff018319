/** The form the flag checkboxes belong to (they sit in table rows, outside it). */
export const BATCH_FORM = "batch-form";

/** A 0-1 match score as a percentage ("87%"). */
export const percent = (score: number) => `${Math.round(score * 100)}%`;

export const field =
  "block h-11 w-full rounded-lg border border-line bg-background px-3 text-base outline-none focus-visible:border-accent focus-visible:outline-2 focus-visible:outline-offset-1 focus-visible:outline-ring";
export const primaryButton =
  "inline-flex min-h-11 items-center justify-center rounded-lg bg-accent px-4 font-semibold text-accent-foreground hover:opacity-90 disabled:cursor-wait disabled:opacity-60";
export const secondaryButton =
  "inline-flex min-h-11 items-center justify-center rounded-lg border border-line bg-surface px-4 font-medium hover:bg-surface-raised disabled:opacity-60";
