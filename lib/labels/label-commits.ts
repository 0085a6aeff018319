import { RetiredKeyError } from "./signing-key-status";

/**
 * Group commit for label writes (docs/decisions/019-label-group-commit.md). Label writers
 * are serialised by one lock held until commit (decision 005), so a write costs its
 * transaction's round trips and a commit (an fsync) even when it is one label. Writes
 * that arrive while a transaction runs wait here, and the next transaction stores all
 * of them at once, in arrival order: one lock, one commit, one notification for many
 * requests, and the sequence stays gap-free and in order.
 */
export type CommitRequest<Item> = { items: Item[]; key: unknown };

type Waiting<Item> = CommitRequest<Item> & { resolve: (seqs: bigint[]) => void; reject: (error: unknown) => void };

export class GroupCommitter<Item> {
  private waiting: Waiting<Item>[] = [];
  private writing = false;

  constructor(
    /** Stores the items of several requests in one transaction; their seqs in item order. */
    private readonly store: (items: Item[], requests: CommitRequest<Item>[]) => Promise<bigint[]>,
    /** At most this many items in one transaction (a request larger than that goes alone). */
    private readonly maxItems = 1_000,
  ) {}

  /** Resolves to the request's seqs, in item order, once its transaction committed. */
  commit(request: CommitRequest<Item>): Promise<bigint[]> {
    return new Promise((resolve, reject) => {
      this.waiting.push({ ...request, resolve, reject });
      if (!this.writing) void this.drain();
    });
  }

  private async drain(): Promise<void> {
    this.writing = true;
    try {
      while (this.waiting.length > 0) await this.writeGroup(this.takeGroup());
    } finally {
      this.writing = false;
    }
  }

  /** The oldest requests that fit, all with the first one's key (e.g. the signing key they were signed with). */
  private takeGroup(): Waiting<Item>[] {
    const key = this.waiting[0]!.key;
    const group: Waiting<Item>[] = [];
    let items = 0;
    this.waiting = this.waiting.filter((request) => {
      const fits = request.key === key && (group.length === 0 || items + request.items.length <= this.maxItems);
      if (!fits) return true;
      group.push(request);
      items += request.items.length;
      return false;
    });
    return group;
  }

  private async writeGroup(group: Waiting<Item>[]): Promise<void> {
    try {
      const seqs = await this.store(group.flatMap((request) => request.items), group);
      let at = 0;
      for (const request of group) {
        request.resolve(seqs.slice(at, at + request.items.length));
        at += request.items.length;
      }
    } catch (error) {
      // One request's bad data must not fail the others: each goes again on its own. A
      // retired key fails them all alike (their callers sign again with the new one).
      if (group.length === 1 || error instanceof RetiredKeyError) return group.forEach((request) => request.reject(error));
      for (const request of group) await this.writeGroup([request]);
    }
  }
}
