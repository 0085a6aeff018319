import { PolicySnapshot, snapshotUpdateSchema } from "../policy/snapshot.ts";
import { wardenEndpoint } from "./plugin-env.ts";
import { requestJson } from "./warden-client.ts";

/** How long one long poll may wait on Warden for a change (Warden caps it at 25 s). */
const WAIT_SECONDS = 20;
const MAX_RETRY_MS = 5_000;

export type SnapshotSyncOptions = {
  wardenUrl: string;
  secret: string;
  /** Decisions stop resting on the snapshot when it could not be refreshed for this long. */
  maxAgeMs: number;
  log: (message: string) => void;
};

/**
 * Keeps the plugin's in-memory snapshot current: the full state once, then long
 * polls for the changes after the version it has. The snapshot counts as fresh while
 * a poll succeeded within `maxAgeMs` (an idle poll returns every WAIT_SECONDS).
 */
export class SnapshotSync {
  readonly snapshot = new PolicySnapshot();
  private lastSyncAt = -Infinity;
  private running = false;
  private readonly abort = new AbortController();
  private loadedWaiters: (() => void)[] = [];
  private readonly options: SnapshotSyncOptions;

  constructor(options: SnapshotSyncOptions) {
    this.options = options;
  }

  fresh(now = Date.now()): boolean {
    return this.snapshot.version >= 0 && now - this.lastSyncAt <= this.options.maxAgeMs;
  }

  /**
   * Resolves when the first snapshot is loaded, when the first attempt failed (no
   * point holding events while Warden is down), or after `timeoutMs`.
   */
  whenLoaded(timeoutMs: number): Promise<void> {
    if (this.snapshot.version >= 0) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, timeoutMs);
      this.loadedWaiters.push(() => {
        clearTimeout(timer);
        resolve();
      });
    });
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    void this.loop();
  }

  stop(): void {
    this.running = false;
    this.abort.abort();
  }

  private async loop(): Promise<void> {
    let retryMs = 250;
    let failing = false;
    while (this.running) {
      try {
        await this.pollOnce();
        if (failing) this.options.log("snapshot: Warden reachable again");
        failing = false;
        retryMs = 250;
      } catch (error) {
        if (!this.running) return;
        this.releaseWaiters();
        if (!failing) this.options.log(`snapshot: cannot refresh from Warden (${describe(error)}); retrying`);
        failing = true;
        await new Promise((resolve) => setTimeout(resolve, retryMs));
        retryMs = Math.min(MAX_RETRY_MS, retryMs * 2);
      }
    }
  }

  private async pollOnce(): Promise<void> {
    const url = wardenEndpoint(this.options.wardenUrl, "api/relay/snapshot");
    if (this.snapshot.version >= 0) {
      url.searchParams.set("since", String(this.snapshot.version));
      url.searchParams.set("wait", String(WAIT_SECONDS));
    }
    const answer = await requestJson(url, { secret: this.options.secret, timeoutMs: (WAIT_SECONDS + 15) * 1000, signal: this.abort.signal });
    this.snapshot.apply(snapshotUpdateSchema.parse(answer));
    this.lastSyncAt = Date.now();
    this.releaseWaiters();
  }

  private releaseWaiters(): void {
    for (const resolve of this.loadedWaiters.splice(0)) resolve();
  }
}

/** One line for the log, with the cause when there is one. */
export function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause instanceof Error ? error.cause.message : null;
  return cause ? `${error.message}: ${cause}` : error.message;
}
