import { logger } from "@/lib/log";
import { errorFrame, type LabelEvent } from "./frames";
import type { LabelSource } from "./label-source";
import type { SequencerListener } from "./sequencer";

/** The subscriber's socket, as the outbox needs it (an adapter over `ws` in subscribe-labels.ts). */
export type StreamSocket = {
  /** Sends these frames as binary messages in one write; `sent` runs once the OS took them (or with an error). */
  send(frames: readonly Uint8Array[], sent?: (error?: Error) => void): void;
  /** Bytes this process holds for the socket that the OS has not taken yet. */
  readonly bufferedAmount: number;
  close(code: number, reason: string): void;
};

export type SequencerFeed = { readonly lastSeen: number; subscribe(listener: SequencerListener): () => void };

export type OutboxOptions = {
  /** Rows per replay read. */
  pageSize: number;
  /** Live events held while a replay finishes; more means the consumer cannot keep up. */
  maxPending: number;
  /** Bytes waiting for a live consumer's socket; more means it is too slow. */
  maxBufferedBytes: number;
};

// Pages of 1,000: two pages in flight (one sending, one read ahead) then die young, while
// pages of 2,000-5,000 were promoted and grew the server's RSS by ~150 MB per full replay
// of 1,000,000 labels, for the same rate (decision 013's addendum).
export const DEFAULT_OUTBOX_OPTIONS: OutboxOptions = { pageSize: 1_000, maxPending: 20_000, maxBufferedBytes: 4 << 20 };

/** The `code` of a send refused because the websocket had already closed. */
export const CONSUMER_GONE = "ERR_WEBSOCKET_CLOSED";

// Write errors that only say the consumer hung up (or its socket is already gone).
const GONE_CODES = new Set([CONSUMER_GONE, "EPIPE", "ECONNRESET", "ECONNABORTED", "ERR_STREAM_DESTROYED", "ERR_STREAM_WRITE_AFTER_END"]);
const consumerGone = (error: unknown) => GONE_CODES.has((error as NodeJS.ErrnoException | undefined)?.code ?? "");

/** An error the stream reports to its consumer in an error frame before closing. */
export class StreamError extends Error {
  constructor(
    readonly error: "InvalidRequest" | "FutureCursor" | "ConsumerTooSlow" | "InternalServerError",
    message: string,
    readonly closeCode = error === "InternalServerError" ? 1011 : 1008,
  ) {
    super(message);
  }
}

/**
 * One subscriber's stream: replay of the current labels after its cursor, then live events,
 * with no gap and no duplicate at the cut-over (docs/decisions/007-label-stream.md):
 * 1. replay pages (`seq > lastSent`) while far behind the sequencer;
 * 2. near its head, subscribe to the sequencer into `pending`, and keep reading pages until
 *    one that was read after subscribing comes back short;
 * 3. send the pending events with `seq > lastSent`, then every event as it arrives.
 */
export class Outbox {
  private lastSent = 0;
  /** Live events that arrived during the replay; undefined before subscribing and once live. */
  private pending: LabelEvent[] | undefined;
  private unsubscribe: (() => void) | undefined;
  private closed = false;
  private replaying = false;

  constructor(
    private readonly sequencer: SequencerFeed,
    private readonly source: Pick<LabelSource, "head" | "currentEventsAfter">,
    private readonly socket: StreamSocket,
    private readonly options: OutboxOptions = DEFAULT_OUTBOX_OPTIONS,
  ) {}

  /** Streams from `cursor` (replay, then live) or, without one, live events only. */
  async run(cursor?: number): Promise<void> {
    try {
      if (cursor === undefined) {
        this.lastSent = this.sequencer.lastSeen;
      } else {
        const head = await this.source.head();
        if (cursor > head) throw new StreamError("FutureCursor", `Cursor ${cursor} is ahead of the stream (latest seq ${head})`);
        this.lastSent = cursor;
        this.replaying = true;
        await this.replay();
        this.replaying = false;
      }
      this.goLive();
    } catch (error) {
      this.fail(error);
    }
  }

  /** Sends the error frame, then closes. Unknown errors are logged with their stack and reported without detail. */
  fail(error: unknown): void {
    if (this.closed) return;
    // The consumer went away mid-write: nothing to report, and no one to report it to.
    if (consumerGone(error)) return this.stop(error);
    const failure = error instanceof StreamError ? error : new StreamError("InternalServerError", "The stream failed; reconnect with your last seq");
    if (!(error instanceof StreamError)) logger.error({ err: error }, "label stream: subscriber failed");
    this.closed = true; // ended by us: its socket's close is no news
    this.socket.send([errorFrame(failure.error, failure.message)]);
    this.socket.close(failure.closeCode, failure.error);
    this.stop();
  }

  /**
   * The socket closed, or the consumer is gone: forget the subscriber. A consumer that
   * leaves (closing, or a reset mid-write) is routine for a public stream: one debug line.
   */
  stop(reason?: unknown): void {
    if (!this.closed) {
      const code = (reason as NodeJS.ErrnoException | undefined)?.code;
      logger.debug({ lastSent: this.lastSent, replaying: this.replaying, ...(code && { code }) }, "label stream: subscriber left");
    }
    this.closed = true;
    this.pending = undefined;
    this.unsubscribe?.();
  }

  private async replay(): Promise<void> {
    let page = this.readPage(this.lastSent, false);
    for (;;) {
      const { events, after, subscribed } = await page;
      if (this.closed) return;
      const atEnd = events.length < this.options.pageSize;
      if (atEnd && subscribed) return this.sendPage(events);
      // Read the next page while this one goes out (its rejection is handled when awaited).
      page = this.readPage(events.at(-1)?.seq ?? after, atEnd);
      page.catch(() => {});
      await this.sendPage(events);
    }
  }

  /**
   * Subscribes first when near the head or at the end of the table, so that this read
   * covers the cut-over. Rows become frames at once: only the bytes wait for the socket.
   */
  private readPage(after: number, atEnd: boolean): Promise<{ events: LabelEvent[]; after: number; subscribed: boolean }> {
    if (!this.unsubscribe && (atEnd || this.sequencer.lastSeen - after <= this.options.pageSize)) {
      this.pending = [];
      this.unsubscribe = this.sequencer.subscribe(this.onEvents);
    }
    const subscribed = this.unsubscribe !== undefined;
    return this.source.currentEventsAfter(after, this.options.pageSize).then((events) => ({ events, after, subscribed }));
  }

  /** Resolves once the OS took the page: a consumer that reads slowly slows the replay down. */
  private sendPage(events: LabelEvent[]): Promise<void> {
    if (events.length === 0 || this.closed) return Promise.resolve();
    return new Promise((resolve, reject) => {
      this.socket.send(
        events.map((event) => event.frame),
        (error) => (error ? reject(error) : resolve()),
      );
      this.lastSent = events.at(-1)!.seq;
    });
  }

  private goLive(): void {
    if (this.closed) return;
    const pending = this.pending ?? [];
    this.pending = undefined;
    this.unsubscribe ??= this.sequencer.subscribe(this.onEvents);
    this.deliver(pending);
  }

  private readonly onEvents = (events: LabelEvent[]): void => {
    if (this.closed) return;
    if (!this.pending) return this.deliver(events);
    for (const event of events) this.pending.push(event);
    if (this.pending.length > this.options.maxPending) {
      this.fail(new StreamError("ConsumerTooSlow", "Stream consumer too slow: it fell behind during its replay"));
    }
  };

  private deliver(events: LabelEvent[]): void {
    if (this.socket.bufferedAmount > this.options.maxBufferedBytes) {
      return this.fail(new StreamError("ConsumerTooSlow", "Stream consumer too slow: reconnect with your last seq"));
    }
    const fresh = events.filter((event) => event.seq > this.lastSent); // the rest went out in the replay
    if (fresh.length === 0) return;
    this.socket.send(fresh.map((event) => event.frame));
    this.lastSent = fresh.at(-1)!.seq;
  }
}
