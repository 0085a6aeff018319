/** What a replay page waits for before it is read. */
export type ReplayGateOptions = {
  /** Pages read at once, across every subscriber. */
  slots: number;
  /** Whether other reads (look-ups, the sequencer) are running now. */
  busy: () => boolean;
  /**
   * The longest a page waits for them, so that replays still move under constant load:
   * this, or long enough that replay pages take at most a fifth of the time.
   */
  maxDeferMs: number;
};

// Under load, a page waits four times as long as the last one took: replays get a fifth.
const LOAD_WAIT_PER_PAGE_MS = 4;

/**
 * Replay pages take turns across every subscriber, behind everything else. A page is a
 * long read (1,000 rows, each encoded into a frame on the event loop) where a queryLabels
 * look-up is a short one: 25 replays each with a page in flight and one read ahead
 * filled the label pool's queue (PGlite runs one statement at a time), and left look-ups
 * a turn of the event loop between pages (decision 015). So at most `slots` pages are
 * read at once; each waits for the event loop to turn, then, while other reads are
 * running, for them to finish (at most `maxDeferMs`). An idle server replays at full speed.
 */
export class ReplayGate {
  private reading = 0;
  private readonly waiting: (() => void)[] = [];
  private lastPageMs = 0;

  constructor(private readonly options: ReplayGateOptions) {}

  async read<T>(page: () => Promise<T>): Promise<T> {
    if (this.reading < this.options.slots) this.reading++;
    else await new Promise<void>((resolve) => this.waiting.push(resolve));
    try {
      // Requests that arrived while the last page was read reach the database first.
      await new Promise<void>((resolve) => setImmediate(resolve));
      // Checked every millisecond: only the `slots` readers wait here, never more.
      const deadline = performance.now() + Math.max(this.options.maxDeferMs, LOAD_WAIT_PER_PAGE_MS * this.lastPageMs);
      while (this.options.busy() && performance.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 1));
      const started = performance.now();
      const result = await page();
      this.lastPageMs = performance.now() - started;
      return result;
    } finally {
      // The slot passes to the next reader (the count stays), who yields before reading.
      const next = this.waiting.shift();
      if (next) next();
      else this.reading--;
    }
  }
}
