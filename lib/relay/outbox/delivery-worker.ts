import { isDatabaseReady } from "@/lib/db/readiness";
import { env } from "@/lib/env";
import { logger } from "@/lib/log";
import { DELIVERY_BATCH, deliverDue, nextDeliveryDue } from "./deliver-due";
import { strfryImportPublisher } from "./import-strfry";
import { websocketPublisher } from "./publish-websocket";
import type { Publisher } from "./publisher";

export type DeliveryOutbox = { wake(): void; stop(): Promise<void> };

// Other processes' approvals are noticed by polling at least this often.
const POLL_MS = 5_000;
const MAX_ERROR_WAIT_MS = 30_000;

const globals = globalThis as typeof globalThis & { __wardenRelayOutbox?: DeliveryOutbox };

/** `strfry import` when STRFRY_BIN is set, else the relay's websocket at RELAY_URL, else none. */
export function publisherFromEnv(): Publisher | null {
  const { STRFRY_BIN, STRFRY_CONFIG, RELAY_URL } = env();
  if (STRFRY_BIN) return strfryImportPublisher(STRFRY_BIN, STRFRY_CONFIG);
  if (RELAY_URL) return websocketPublisher(RELAY_URL);
  return null;
}

/**
 * Starts this process's delivery worker (once: it lives on globalThis). It works
 * while the database is ready, delivers as long as a batch is full, then sleeps
 * until the next retry falls due, a poll, or a wake-up from an approval here.
 * Several processes may run one each: claims are conditional updates.
 */
export function startDeliveryOutbox(publisher: Publisher | null = publisherFromEnv()): DeliveryOutbox {
  if (globals.__wardenRelayOutbox) return globals.__wardenRelayOutbox;
  if (!publisher) {
    // Only worth a warning where the relay is in use.
    if (env().RELAY_SECRET) logger.warn("relay delivery is off: set RELAY_URL or STRFRY_BIN; approved events wait in the outbox");
    return { wake() {}, async stop() {} };
  }
  logger.info({ publisher: publisher.name }, "relay delivery outbox started");

  let running = true;
  let woken = false;
  let interrupt: (() => void) | null = null;
  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      if (woken || !running) return resolve();
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        interrupt = null;
        resolve();
      }
      interrupt = done;
    });

  const loop = (async () => {
    let failures = 0;
    while (running) {
      woken = false;
      let wait = POLL_MS;
      try {
        if (isDatabaseReady()) {
          if ((await deliverDue(publisher)) === DELIVERY_BATCH) continue;
          const due = await nextDeliveryDue();
          if (due) wait = Math.min(POLL_MS, Math.max(0, due.getTime() - Date.now()));
        }
        failures = 0;
      } catch (error) {
        failures += 1;
        wait = Math.min(MAX_ERROR_WAIT_MS, 1_000 * 2 ** failures);
        logger.warn({ err: error, retryInMs: wait }, "relay delivery pass failed");
      }
      await sleep(wait);
    }
  })();

  const outbox: DeliveryOutbox = {
    wake() {
      woken = true;
      interrupt?.();
    },
    async stop() {
      running = false;
      interrupt?.();
      await loop;
      if (globals.__wardenRelayOutbox === outbox) globals.__wardenRelayOutbox = undefined;
    },
  };
  globals.__wardenRelayOutbox = outbox;
  return outbox;
}

/** Starts a delivery pass now in this process (after an approval), if the worker runs here. */
export function wakeDeliveryOutbox(): void {
  globals.__wardenRelayOutbox?.wake();
}
