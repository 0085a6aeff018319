import { getHeapStatistics } from "node:v8";
import { logger } from "@/lib/log";
import type { StoredLabel } from "../label-codec";
import { CURRENT_LABELS_SQL, type LabelSource } from "../stream/label-source";
import type { Sequencer } from "../stream/sequencer";
import { LabelIndex, type LabelQuery } from "./label-index";
import { committedSeq, rotations } from "./local-writes";

const LOAD_PAGE = 10_000;
// The index holds at most as many bytes as half the V8 heap may (decision 040): its records lie
// outside the heap, but the operator's --max-old-space-size is the one memory limit Node has.
const HEAP_SHARE = 0.5;
const RETRY_MS = 2_000;
const SEQUENCER_WAIT_MS = 50;

/**
 * queryLabels from memory (decision 021): loads label_heads once, then follows the
 * sequencer's emissions. It answers only when it is exact for this process; otherwise
 * (still loading, reloading after a rotation, behind this process's own last write) the
 * caller asks the database, so the memory path never serves an answer the database
 * would not.
 */
export class MemoryReads {
  private index: LabelIndex | undefined;
  /** Emissions that arrive while a load runs, applied once it ends. */
  private arriving: StoredLabel[] | undefined;
  private generation = 0;
  /** rotations() when the serving index's load began, and when the running load began. */
  private loadedAfterRotations = -1;
  private loadingAfterRotations = -1;
  private stopFollowing: (() => void) | undefined;
  private retry: NodeJS.Timeout | undefined;
  private overBudget = false;

  constructor(
    private readonly source: LabelSource,
    private readonly sequencer: Sequencer,
    private readonly maxBytes = getHeapStatistics().heap_size_limit * HEAP_SHARE,
  ) {}

  /** Follows the sequencer and loads once it is ready. */
  start(): void {
    this.stopFollowing = this.sequencer.follow({
      labels: (labels) => {
        if (this.arriving) this.arriving.push(...labels);
        else if (this.index) {
          this.index.apply(labels);
          this.checkBudget(this.index);
        }
      },
      resigned: () => void this.load(),
    });
    void this.load();
  }

  stop(): void {
    this.generation++;
    this.stopFollowing?.();
    clearTimeout(this.retry);
    this.index = undefined;
    this.arriving = undefined;
  }

  get ready(): boolean {
    return this.index !== undefined;
  }

  /** Loading, ready, or given up because the labels would not fit in this heap's share. */
  get state(): "loading" | "ready" | "over-budget" {
    return this.overBudget ? "over-budget" : this.ready ? "ready" : "loading";
  }

  get size(): number {
    return this.index?.size ?? 0;
  }

  /** The answer as JSON bytes, or undefined when the database must answer. */
  answer(query: LabelQuery): Buffer<ArrayBuffer> | undefined {
    if (this.loadedAfterRotations !== rotations()) {
      // A rotation here re-signed the labels: load them again, unless that load runs already.
      if (this.loadingAfterRotations !== rotations()) void this.load();
      return undefined;
    }
    const index = this.index;
    if (!index || index.appliedSeq < committedSeq()) return undefined;
    return index.answer(query);
  }

  /** Reads label_heads in seq order into a new index; until it is done, the database answers. */
  private async load(): Promise<void> {
    const generation = ++this.generation;
    // Emissions are followed from the sequencer's start: a load before it could miss some.
    if (!this.sequencer.ready) return this.loadLater(SEQUENCER_WAIT_MS);
    const startedAfterRotations = (this.loadingAfterRotations = rotations());
    this.index = undefined;
    this.arriving = [];
    const started = performance.now();
    try {
      const next = new LabelIndex();
      for (let after = 0; ; ) {
        const page = await this.source.select(CURRENT_LABELS_SQL, [after, LOAD_PAGE]);
        if (generation !== this.generation) return;
        next.apply(page);
        if (!this.checkBudget(next)) return;
        if (page.length < LOAD_PAGE) break;
        after = page.at(-1)!.seq;
      }
      // A label committed during the load is either among the heads read or arrived here
      // (writers commit in seq order); the latest seq of each key wins either way.
      next.apply(this.arriving);
      this.arriving = undefined;
      this.index = next;
      this.loadedAfterRotations = startedAfterRotations;
      logger.info({ labels: next.size, ms: Math.round(performance.now() - started) }, "labels in memory: loaded");
    } catch (error) {
      if (generation !== this.generation) return;
      this.arriving = undefined;
      logger.warn({ err: error }, "labels in memory: load failed; the database answers meanwhile, retrying");
      this.loadLater(RETRY_MS);
    }
  }

  /** False, and memory reads stop for good (the database answers), once the index outgrows its share of the heap. */
  private checkBudget(index: LabelIndex): boolean {
    if (index.bytes <= this.maxBytes) return true;
    logger.warn(
      { labels: index.size, bytes: index.bytes, maxBytes: this.maxBytes },
      "labels in memory: they take more than half this heap's limit; the database answers queryLabels from now on (raise --max-old-space-size and restart, or set LABELS_IN_MEMORY=off)",
    );
    this.stop();
    this.overBudget = true;
    return false;
  }

  private loadLater(ms: number): void {
    clearTimeout(this.retry);
    this.retry = setTimeout(() => void this.load(), ms);
    this.retry.unref();
  }
}
