import type { TokenUsage } from "@/lib/triage/verdicts";
import { formatCount } from "../format";

export const totalTokens = (usage: TokenUsage) => usage.inputTokens + usage.outputTokens + usage.cacheReadTokens + usage.cacheWriteTokens;

export const tokenBreakdown = (usage: TokenUsage) =>
  `${formatCount(usage.inputTokens)} in · ${formatCount(usage.outputTokens)} out · ${formatCount(usage.cacheReadTokens)} cache read · ${formatCount(usage.cacheWriteTokens)} cache write`;

/** "$1.23", or "$0.0042" for small sums; "—" when there is no estimate. */
export function formatUsd(value: number | null): string {
  if (value === null) return "—";
  return `$${value > 0 && value < 0.01 ? value.toFixed(4) : value.toFixed(2)}`;
}

/** "2 min 5 s" between two times, or "running". */
export function formatDuration(start: Date, end: Date | null): string {
  if (!end) return "still running";
  const seconds = Math.max(0, Math.round((end.getTime() - start.getTime()) / 1000));
  return seconds < 60 ? `${seconds} s` : `${Math.floor(seconds / 60)} min ${seconds % 60} s`;
}
