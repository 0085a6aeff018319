import { env } from "@/lib/env";
import { logger } from "@/lib/log";
import { isDatabaseReady } from "@/lib/db/readiness";
import { startDeliveryOutbox } from "./outbox/delivery-worker";
import { prunePolicyChanges, releasePolicyWaits } from "./policy-changes";
import { startEventVerifier } from "./verify-event";

// Snapshot changes older than this are pruned; a plugin that was away longer reloads in full.
const KEEP_CHANGES_MS = 7 * 24 * 3_600_000;
const PRUNE_EVERY_MS = 3_600_000;

/** The relay's long-lived work in the custom server: the delivery outbox, pruning, the event verifier threads. */
export function startRelayBackground(): { stop(): Promise<void> } {
  if (env().RELAY_SECRET) startEventVerifier();
  const outbox = startDeliveryOutbox();
  const prune = setInterval(() => {
    if (!isDatabaseReady()) return;
    prunePolicyChanges(new Date(Date.now() - KEEP_CHANGES_MS)).catch((error: unknown) =>
      logger.warn({ err: error }, "pruning relay policy changes failed"),
    );
  }, PRUNE_EVERY_MS).unref();
  return {
    async stop() {
      clearInterval(prune);
      releasePolicyWaits();
      await outbox.stop();
    },
  };
}
