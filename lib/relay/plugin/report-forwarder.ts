import { wardenEndpoint } from "./plugin-env.ts";
import { describe } from "./snapshot-sync.ts";
import { requestJson } from "./warden-client.ts";

export type ReportForwarderOptions = {
  wardenUrl: string;
  secret: string;
  log: (message: string) => void;
  maxBatch?: number;
  /** Reports waiting beyond this are dropped (and logged): the relay's writes never wait on them. */
  maxWaiting?: number;
  timeoutMs?: number;
};

/**
 * Sends the NIP-56 reports (kind 1984) the policy let through to Warden's inbox, in
 * batches, after the reply: the report's own fate is the policy's, and strfry's single
 * writer never waits for the inbox. One request in flight; reports that arrive
 * meanwhile go together in the next; when Warden is down they are dropped and logged
 * (the event itself is on the relay).
 */
export class ReportForwarder {
  private waiting: unknown[] = [];
  private sending = false;
  private readonly options: Required<ReportForwarderOptions>;

  constructor(options: ReportForwarderOptions) {
    this.options = { maxBatch: 200, maxWaiting: 10_000, timeoutMs: 5_000, ...options };
  }

  forward(request: unknown): void {
    if (this.waiting.length >= this.options.maxWaiting) {
      this.options.log("reports: too many waiting for Warden, one dropped");
      return;
    }
    this.waiting.push(request);
    if (!this.sending) queueMicrotask(() => void this.pump());
  }

  private async pump(): Promise<void> {
    if (this.sending) return;
    this.sending = true;
    try {
      while (this.waiting.length > 0) {
        const batch = this.waiting.splice(0, this.options.maxBatch);
        try {
          await requestJson(wardenEndpoint(this.options.wardenUrl, "api/relay/reports"), { secret: this.options.secret, body: { items: batch }, timeoutMs: this.options.timeoutMs });
        } catch (error) {
          this.options.log(`reports: could not send ${batch.length} report(s) to Warden (${describe(error)})`);
        }
      }
    } finally {
      this.sending = false;
    }
  }
}
