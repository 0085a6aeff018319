import { logger } from "@/lib/log";
import { labelEvent, type LabelEvent } from "./frames";
import type { LabelSource } from "./label-source";

export type SequencerListener = (events: LabelEvent[]) => void;

export type SequencerOptions = {
  /** Fallback poll when no notification arrives (a missed NOTIFY, a lost LISTEN connection). */
  pollMs?: number;
  pageSize?: number;
};

/**
 * One per process: learns of new labels (LISTEN, plus a poll), reads `seq > lastSeen` in
 * pages and hands each page to every subscriber, each label encoded once. Writers commit
 * in seq order (decision 005), so reading past lastSeen never skips a label.
 */
export class Sequencer {
  /** The highest seq handed to subscribers; set from the database head at start. */
  lastSeen = 0;
  private started = false;
  private stopped = false;
  private draining: Promise<void> | undefined;
  private beginning: Promise<void> | undefined;
  private again = false;
  private timer: NodeJS.Timeout | undefined;
  private unlisten: (() => Promise<void>) | undefined;
  private readonly listeners = new Set<SequencerListener>();
  private readonly pollMs: number;
  private readonly pageSize: number;

  constructor(private readonly source: LabelSource, options: SequencerOptions = {}) {
    this.pollMs = options.pollMs ?? 1_000;
    this.pageSize = options.pageSize ?? 1_000;
  }

  /** True once the head is known: only then can a subscriber be told what is new. */
  get ready(): boolean {
    return this.started;
  }

  /** Tries once to become ready, then keeps trying on the poll timer until the database answers (e.g. migrations pending). */
  async start(): Promise<void> {
    this.timer = setInterval(() => (this.started ? this.poll() : void this.begin()), this.pollMs);
    this.timer.unref();
    await this.begin();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    this.listeners.clear();
    await this.beginning; // a LISTEN being set up is stopped too
    await this.unlisten?.();
    await this.draining;
  }

  subscribe(listener: SequencerListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  get subscriberCount(): number {
    return this.listeners.size;
  }

  /** Reads what is new now, or right after the read in progress. */
  poll(): void {
    if (!this.started || this.stopped) return;
    if (this.draining) {
      this.again = true;
      return;
    }
    this.draining = this.drain()
      .catch((error: unknown) => logger.warn({ err: error, lastSeen: this.lastSeen }, "sequencer: read failed; retrying"))
      .finally(() => {
        this.draining = undefined;
        if (this.again) {
          this.again = false;
          this.poll();
        }
      });
  }

  private begin(): Promise<void> {
    this.beginning ??= (async () => {
      try {
        this.unlisten ??= await this.source.listen(() => this.poll());
        this.lastSeen = await this.source.head();
        this.started = !this.stopped;
      } catch (error) {
        logger.warn({ err: error }, "sequencer: database not ready; retrying");
      } finally {
        this.beginning = undefined;
      }
    })();
    return this.beginning;
  }

  private async drain(): Promise<void> {
    for (;;) {
      const labels = await this.source.emittedAfter(this.lastSeen, this.pageSize);
      if (labels.length === 0 || this.stopped) return;
      const events = labels.map(labelEvent);
      this.lastSeen = events.at(-1)!.seq;
      for (const listener of this.listeners) {
        try {
          listener(events);
        } catch (error) {
          logger.error({ err: error }, "sequencer: a subscriber failed");
        }
      }
      if (labels.length < this.pageSize) return;
    }
  }
}
