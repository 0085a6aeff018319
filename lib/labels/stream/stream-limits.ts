import { AppError } from "@/lib/errors";

/** How many subscribeLabels streams may be open, and replaying, per client address and in total. */
export type StreamLimitOptions = {
  connections: number;
  connectionsPerClient: number;
  replays: number;
  replaysPerClient: number;
};

/** A stream's places: `endReplay` once it is live (or over), `release` when its socket closes. Both may be called again. */
export type StreamTicket = { endReplay(): void; release(): void };

// A limit on streams held open, not on a rate: no moment is known when a place frees up,
// so the client is told a pause worth waiting rather than a promise.
const RETRY_AFTER_SECONDS = 10;

type Count = { connections: number; replays: number };

/**
 * Counts open streams and replays (a catch-up from a cursor older than the live head)
 * per client and in total, and refuses the one past a limit before the upgrade:
 * 429 when the client holds too many, 503 when the server does (decision 015).
 */
export class StreamLimits {
  private readonly clients = new Map<string, Count>();
  private readonly total: Count = { connections: 0, replays: 0 };

  constructor(private readonly limits: StreamLimitOptions) {}

  /** A ticket for a new stream from `client`, or the refusal to answer with. */
  admit(client: string, replay: boolean): StreamTicket | AppError {
    const mine = this.clients.get(client) ?? { connections: 0, replays: 0 };
    const refusal =
      refuse(mine.connections >= this.limits.connectionsPerClient, "rate_limited", `Too many subscribeLabels streams from this address (at most ${this.limits.connectionsPerClient}); close one first`) ??
      refuse(this.total.connections >= this.limits.connections, "unavailable", "The label stream is at its connection limit; retry later") ??
      refuse(replay && mine.replays >= this.limits.replaysPerClient, "rate_limited", `Too many replays from this address at once (at most ${this.limits.replaysPerClient}); retry once one has caught up`) ??
      refuse(replay && this.total.replays >= this.limits.replays, "unavailable", "Too many replays are running; retry later");
    if (refusal) return refusal;

    this.clients.set(client, mine);
    const add = (field: keyof Count, delta: 1 | -1) => {
      mine[field] += delta;
      this.total[field] += delta;
    };
    add("connections", 1);
    if (replay) add("replays", 1);
    let replaying = replay;
    let open = true;
    const endReplay = () => {
      if (!replaying) return;
      replaying = false;
      add("replays", -1);
    };
    return {
      endReplay,
      release: () => {
        if (!open) return;
        open = false;
        endReplay();
        add("connections", -1);
        if (mine.connections === 0) this.clients.delete(client);
      },
    };
  }

  /** Open streams and running replays, per client and in total (for tests and diagnostics). */
  counts(client?: string): Count {
    return { ...(client === undefined ? this.total : (this.clients.get(client) ?? { connections: 0, replays: 0 })) };
  }
}

function refuse(over: boolean, code: "rate_limited" | "unavailable", message: string): AppError | undefined {
  return over ? new AppError(code, message, { retryAfterSeconds: RETRY_AFTER_SECONDS }) : undefined;
}
