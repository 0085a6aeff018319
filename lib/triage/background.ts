import { env } from "@/lib/env";
import { isDatabaseReady } from "@/lib/db/readiness";
import { logger } from "@/lib/log";
import { triageDisabledReason } from "./settings";

/**
 * TRIAGE_INTERVAL in the custom server: a run every interval, never two at once in
 * this process (other processes are kept apart by the leases). Stopping aborts the
 * run in progress; what it had not finished stays pending for the next one.
 */
export function startTriageInterval(): { stop(): Promise<void> } {
  const seconds = env().TRIAGE_INTERVAL;
  if (!seconds) return { stop: async () => {} };
  const disabled = triageDisabledReason();
  if (disabled) {
    logger.warn({ intervalSeconds: seconds }, `TRIAGE_INTERVAL is set but ${disabled}`);
    return { stop: async () => {} };
  }
  const stopping = new AbortController();
  let current: Promise<unknown> | null = null;
  const tick = () => {
    if (current || !isDatabaseReady()) return;
    // Loaded on first use: the model and DM clients stay out of a server that never triages.
    current = import("./run-triage")
      .then(({ runTriage }) => runTriage({ trigger: "interval", baseUrl: env().PUBLIC_URL ?? null, signal: stopping.signal }))
      .catch((error) => logger.error({ err: error }, "scheduled triage run failed"))
      .finally(() => (current = null));
  };
  const timer = setInterval(tick, seconds * 1000);
  logger.info({ intervalSeconds: seconds }, "triage runs on an interval");
  return {
    async stop() {
      clearInterval(timer);
      stopping.abort(new Error("server shutting down"));
      await current;
    },
  };
}
