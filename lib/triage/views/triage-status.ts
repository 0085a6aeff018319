import { env } from "@/lib/env";
import { notifyConfigured, triageDisabledReason } from "../settings";

export type TriageStatus = {
  /** Without ANTHROPIC_API_KEY nothing is decided automatically. */
  enabled: boolean;
  model: string;
  /** CRON_SECRET is set, so /api/cron/triage can be called. */
  cronConfigured: boolean;
  /** TRIAGE_INTERVAL in seconds, when the server runs triage by itself. */
  intervalSeconds: number | null;
  /** A bot account and at least one recipient for the review-batch DMs. */
  notifyConfigured: boolean;
};

/** How triage is set up, from the environment (never the secrets themselves). */
export function triageStatus(): TriageStatus {
  const e = env();
  return {
    enabled: triageDisabledReason() === null,
    model: e.ANTHROPIC_MODEL,
    cronConfigured: Boolean(e.CRON_SECRET),
    intervalSeconds: e.TRIAGE_INTERVAL ?? null,
    notifyConfigured: notifyConfigured(),
  };
}
