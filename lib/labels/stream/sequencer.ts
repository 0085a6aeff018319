import { logger } from "@/lib/log";
import { RESIGNED_NOTICE } from "../create-labels";
import type { StoredLabel } from "../label-codec";
import { followLocalWrites } from "../memory/local-writes";
import { labelEvent, type LabelEvent } from "./frames";
import { LISTENING_NOTICE, type LabelSource } from "./label-source";

export type SequencerListener = (events: LabelEvent[]) => void;

/** An in-process reader of every emission (the memory index), told too when stored signatures may have changed. */
export type LabelFollower = { labels(labels: StoredLabel[]): void; resigned(): void };

export type SequencerOptions = {
  /** Fallback poll when no notification arrives (a missed NOTIFY, a lost LISTEN connection). */
  pollMs?: number;
  pageSize?: number;
  /**
   * Hand on this process's own commits as they are made, without reading them back (the
   * process's stream does; a test's sequencer without it stands for another process).
   */
  takeLocalWrites?: boolean;
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
  private stopTakingLocalWrites: (() => void) | undefined;
  private readonly listeners = new Set<SequencerListener>();
  private readonly followers = new Set<LabelFollower>();
  private readonly pollMs: number;
  private readonly pageSize: number;
  private readonly takeLocalWrites: boolean;

  constructor(private readonly source: LabelSource, options: SequencerOptions = {}) {
    this.pollMs = options.pollMs ?? 1_000;
    this.pageSize = options.pageSize ?? 1_000;
    this.takeLocalWrites = options.takeLocalWrites ?? false;
  }

  /** True once the head is known: only then can a subscriber be told what is new. */
  get ready(): boolean {
    return this.started;
  }

  /** Tries once to become ready, then keeps trying on the poll timer until the database answers (e.g. migrations pending). */
  async start(): Promise<void> {
    this.timer = setInterval(() => (this.started ? this.poll() : void this.begin()), this.pollMs);
    this.timer.unref();
    if (this.takeLocalWrites) this.stopTakingLocalWrites = followLocalWrites((labels) => this.written(labels));
    await this.begin();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    this.stopTakingLocalWrites?.();
    this.listeners.clear();
    this.followers.clear();
    await this.beginning; // a LISTEN being set up is stopped too
    await this.unlisten?.();
    await this.draining;
  }

  subscribe(listener: SequencerListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Follows every emission from lastSeen on; not a subscriber (no socket behind it). */
  follow(follower: LabelFollower): () => void {
    this.followers.add(follower);
    return () => this.followers.delete(follower);
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
        this.unlisten ??= await this.source.listen((notice) => {
          // A rotation re-signed the stored labels; or LISTEN was down, and one may have.
          if (notice === RESIGNED_NOTICE || notice === LISTENING_NOTICE) this.tell((follower) => follower.resigned());
          else if (/^\d+$/.test(notice)) {
            // This process's own commit is often answered in the same turn as its notice:
            // let it be handed on first (written), and read only what is still unseen.
            return void setImmediate(() => Number(notice) > this.lastSeen && this.poll());
          }
          this.poll();
        });
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
      this.handOn(labels);
      if (labels.length < this.pageSize) return;
    }
  }

  /**
   * Labels this process just committed. When they directly follow lastSeen and no read is
   * under way they are handed on as they are, which spares a read per write; otherwise
   * (another process's labels came between, or a read might hand them on too) their
   * notification reads them.
   */
  private written(labels: StoredLabel[]): void {
    if (!this.started || this.stopped || this.draining) return;
    if (!labels.every((label, i) => label.seq === this.lastSeen + 1 + i)) return;
    this.handOn(labels);
  }

  private handOn(labels: StoredLabel[]): void {
    const events = labels.map(labelEvent);
    this.lastSeen = events.at(-1)!.seq;
    this.tell((follower) => follower.labels(labels));
    for (const listener of this.listeners) {
      try {
        listener(events);
      } catch (error) {
        logger.error({ err: error }, "sequencer: a subscriber failed");
      }
    }
  }

  private tell(call: (follower: LabelFollower) => void): void {
    for (const follower of this.followers) {
      try {
        call(follower);
      } catch (error) {
        logger.error({ err: error }, "sequencer: a follower failed");
      }
    }
  }
}
