/**
 * What the model may answer, per pipeline, and what an answer leads to. A verdict
 * outside these lists is no verdict: the item stays pending for a human.
 */
export const pipelines = ["flags", "relay", "reports"] as const;
export type Pipeline = (typeof pipelines)[number];

export const verdictsByPipeline = {
  flags: ["FALSE_POSITIVE", "VIOLATION", "NEEDS_HUMAN"],
  relay: ["approve", "flag"],
  reports: ["dismiss", "needs_human"],
} as const satisfies Record<Pipeline, readonly string[]>;
export type Verdict<P extends Pipeline = Pipeline> = (typeof verdictsByPipeline)[P][number];

/** One item as the model sees it: an opaque id, and the data to judge (never instructions). */
export type TriageItem = { id: string; data: Record<string, unknown> };

/** The model's answer for one item, validated. */
export type ItemVerdict = { verdict: Verdict; reason: string; confidence: number };

/** An item the model did not answer validly: it stays pending, with why. */
export type ItemFailure = { error: string };

export type TokenUsage = { inputTokens: number; outputTokens: number; cacheReadTokens: number; cacheWriteTokens: number };

/** One model call over several items. Every item id sent appears in `results`. */
export type BatchAnswer = { results: Record<string, ItemVerdict | ItemFailure>; usage: TokenUsage };

/** What triage did with an item (triage_decisions.outcome). */
export const outcomes = [
  "content_deleted",
  "auto_resolved",
  "needs_human",
  "violation",
  "auto_approved",
  "ai_flagged",
  "held",
  "left_pending",
  "auto_dismissed",
] as const;
export type Outcome = (typeof outcomes)[number];

export const isVerdict = (answer: ItemVerdict | ItemFailure): answer is ItemVerdict => "verdict" in answer;
