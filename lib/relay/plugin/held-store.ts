import { z } from "zod";
import { pluginOutputSchema, type PluginOutput } from "../policy/plugin-io.ts";
import { wardenEndpoint } from "./plugin-env.ts";
import { describe } from "./snapshot-sync.ts";
import { requestJson } from "./warden-client.ts";

const heldAnswerSchema = z.object({ results: z.array(pluginOutputSchema) });

export type HeldStoreOptions = {
  wardenUrl: string;
  secret: string;
  /** The answer for an event whose storage could not be confirmed. */
  unavailable: (id: string) => PluginOutput;
  log: (message: string) => void;
  maxBatch?: number;
  /** Requests in flight at once: Warden verifies one batch while it commits another. */
  maxInFlight?: number;
  timeoutMs?: number;
};

type Waiting = { id: string; request: unknown; resolve: (output: PluginOutput) => void };

/**
 * Stores held events in Warden before the plugin replies. Lines read together go in
 * one request; events that arrive while requests are in flight wait and go together
 * in the next one, so under load each request carries a batch, and each event is
 * answered once its batch is committed.
 */
export class HeldStore {
  private waiting: Waiting[] = [];
  private inFlight = 0;
  private scheduled = false;
  private readonly options: Required<HeldStoreOptions>;

  constructor(options: HeldStoreOptions) {
    this.options = { maxBatch: 500, maxInFlight: 2, timeoutMs: 5_000, ...options };
  }

  /** `request` goes as it was read: Warden checks the whole of it before storing. */
  hold(id: string, request: unknown): Promise<PluginOutput> {
    return new Promise((resolve) => {
      this.waiting.push({ id, request, resolve });
      // Sent after the current stdin chunk is read, so lines that arrived together go together.
      if (this.scheduled) return;
      this.scheduled = true;
      queueMicrotask(() => {
        this.scheduled = false;
        this.pump();
      });
    });
  }

  private pump(): void {
    while (this.inFlight < this.options.maxInFlight && this.waiting.length > 0) {
      this.inFlight += 1;
      const batch = this.waiting.splice(0, this.options.maxBatch);
      void this.send(batch).finally(() => {
        this.inFlight -= 1;
        this.pump();
      });
    }
  }

  private async send(batch: Waiting[]): Promise<void> {
    let results: PluginOutput[] = [];
    try {
      const answer = await requestJson(wardenEndpoint(this.options.wardenUrl, "api/relay/held"), {
        secret: this.options.secret,
        body: { items: batch.map(({ request }) => request) },
        timeoutMs: this.options.timeoutMs,
      });
      results = heldAnswerSchema.parse(answer).results;
    } catch (error) {
      this.options.log(`held: could not store ${batch.length} event(s) in Warden (${describe(error)})`);
    }
    batch.forEach(({ id, resolve }, index) => {
      const result = results[index];
      resolve(result && result.id === id ? result : this.options.unavailable(id));
    });
  }
}
