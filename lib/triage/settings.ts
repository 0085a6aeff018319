import { env } from "@/lib/env";

/** How a run behaves; from the environment, overridable per run (CLI, benchmark, tests). */
export type TriageSettings = {
  model: string;
  /** No new work is taken after this; calls still in flight are aborted 5 s later. */
  budgetMs: number;
  /** Items per pipeline per run. */
  maxItems: number;
  itemsPerCall: number;
  concurrency: number;
  /** A FALSE_POSITIVE (or approve) below this confidence goes to a human instead. */
  autoConfidence: number;
  /** The circuit breaker's cap on automatic actions in one run. */
  maxAutoActions: number;
};

export function triageSettings(overrides: Partial<TriageSettings> = {}): TriageSettings {
  const e = env();
  return {
    model: e.ANTHROPIC_MODEL,
    budgetMs: e.TRIAGE_BUDGET_SECONDS * 1000,
    maxItems: e.TRIAGE_MAX_ITEMS,
    itemsPerCall: e.TRIAGE_ITEMS_PER_CALL,
    concurrency: e.TRIAGE_CONCURRENCY,
    autoConfidence: e.TRIAGE_AUTO_CONFIDENCE,
    maxAutoActions: e.TRIAGE_MAX_AUTO_ACTIONS,
    ...overrides,
  };
}

/** Why triage cannot decide anything, or null when it can. */
export function triageDisabledReason(): string | null {
  return env().ANTHROPIC_API_KEY ? null : "ANTHROPIC_API_KEY is not set: triage is disabled and nothing is decided automatically";
}

/** The actor recorded for every write the triage makes. */
export const TRIAGE_ACTOR = "ai-triage";

/** Whether a bot account and at least one recipient are configured for the DM. */
export function notifyConfigured(): boolean {
  const { NOTIFY_BOT_HANDLE, NOTIFY_BOT_PASSWORD, NOTIFY_RECIPIENTS } = env();
  return Boolean(NOTIFY_BOT_HANDLE && NOTIFY_BOT_PASSWORD && NOTIFY_RECIPIENTS?.length);
}
