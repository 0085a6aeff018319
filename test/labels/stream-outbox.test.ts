// The outbox alone, over an in-memory table and sequencer whose timing each test controls:
// the cut-over from replay to live under every interleaving, and the ways a stream ends.
import { afterEach, describe, expect, it, vi } from "vitest";
import type { StoredLabel } from "@/lib/labels/label-codec";
import { labelEvent, type LabelEvent } from "@/lib/labels/stream/frames";
import { CONSUMER_GONE, Outbox, type OutboxOptions, type StreamSocket } from "@/lib/labels/stream/outbox";
import type { SequencerListener } from "@/lib/labels/stream/sequencer";
import { logger } from "@/lib/log";
import { decodeFrame, type LabelsBody } from "../support/label-stream";

const label = (seq: number, uri = `at://did:plc:x/app.bsky.feed.post/${seq}`): StoredLabel => ({
  ver: 1,
  src: "did:plc:ewvi7nxzyoun6zhxrhs64oiz",
  uri,
  val: "spam",
  cts: "2026-11-22T00:00:00.000Z",
  sig: new Uint8Array(64),
  seq,
});

/** Committed labels, a sequencer that announces them when told, and hooks around each replay read. */
class World {
  rows: StoredLabel[] = [];
  private announced = 0;
  listeners = new Set<SequencerListener>();
  sequencer = {
    lastSeen: 0,
    subscribe: (listener: SequencerListener) => (this.listeners.add(listener), () => this.listeners.delete(listener)),
  };
  /** Runs before a read takes its snapshot, and after it, before the read returns. */
  beforeRead: () => void = () => {};
  afterRead: () => void = () => {};
  reads = 0;
  source = {
    head: async () => this.rows.at(-1)?.seq ?? 0,
    currentEventsAfter: async (after: number, limit: number) => {
      this.reads++;
      this.beforeRead();
      const page = this.rows.filter((row) => row.seq > after).slice(0, limit);
      await Promise.resolve();
      this.afterRead();
      return page.map(labelEvent);
    },
  };

  commit(count = 1): void {
    for (let i = 0; i < count; i++) this.rows.push(label((this.rows.at(-1)?.seq ?? 0) + 1 + (i % 2)));
  }

  /** The sequencer reads what was committed since it last looked and hands it out. */
  announce(): void {
    const events: LabelEvent[] = this.rows.slice(this.announced).map(labelEvent);
    this.announced = this.rows.length;
    if (!events.length) return;
    this.sequencer.lastSeen = events.at(-1)!.seq;
    for (const listener of this.listeners) listener(events);
  }
}

class FakeSocket implements StreamSocket {
  frames: ReturnType<typeof decodeFrame>[] = [];
  bufferedAmount = 0;
  closed: { code: number; reason: string } | undefined;
  /** When false, frames are taken but never reported sent (a consumer that stopped reading). */
  flushing = true;
  /** A write error to report for every write (the consumer hung up). */
  writeError: Error | undefined;
  send(frames: readonly Uint8Array[], sent?: (error?: Error) => void): void {
    for (const frame of frames) this.frames.push(decodeFrame(Buffer.from(frame)));
    if (sent && this.flushing) queueMicrotask(() => sent(this.writeError));
  }
  close(code: number, reason: string): void {
    this.closed = { code, reason };
  }
  seqs = () => this.frames.filter((frame) => frame.header.t === "#labels").map((frame) => (frame.body as LabelsBody).seq);
  error = () => this.frames.find((frame) => frame.header.op === -1)?.body;
}

const options = (overrides: Partial<OutboxOptions> = {}): OutboxOptions => ({ pageSize: 4, maxPending: 1_000, maxBufferedBytes: 1 << 20, ...overrides });

/** A small deterministic PRNG, so a failing interleaving can be replayed from its seed. */
function random(seed: number): () => number {
  return () => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);
}

describe("outbox", () => {
  it("without a cursor sends only what the sequencer announces after subscribing", async () => {
    const world = new World();
    world.commit(5);
    world.announce();
    const socket = new FakeSocket();
    await new Outbox(world.sequencer, world.source, socket, options()).run();
    world.commit(3);
    world.announce();
    expect(socket.seqs()).toEqual(world.rows.slice(5).map((row) => row.seq));
    expect(world.reads).toBe(0);
  });

  it("replays then goes live with no gap and no duplicate, whatever commits and announcements interleave with the reads", async () => {
    for (let seed = 1; seed <= 300; seed++) {
      const next = random(seed);
      const world = new World();
      world.commit(Math.floor(next() * 30));
      world.announce();
      // Writers commit, and the sequencer announces, at random moments around every read.
      const act = () => {
        if (next() < 0.5) world.commit(1 + Math.floor(next() * 3));
        if (next() < 0.5) world.announce();
      };
      world.beforeRead = act;
      world.afterRead = act;
      const socket = new FakeSocket();
      const cursor = Math.floor(next() * ((world.rows.at(-1)?.seq ?? 0) + 1)); // at most the head
      await new Outbox(world.sequencer, world.source, socket, options()).run(cursor);
      world.beforeRead = world.afterRead = () => {};
      world.commit(2);
      world.announce();
      const expected = world.rows.map((row) => row.seq).filter((seq) => seq > cursor);
      expect(socket.seqs(), `seed ${seed}`).toEqual(expected);
    }
  });

  it("a cursor beyond the head gets FutureCursor, then close 1008, and no subscription", async () => {
    const world = new World();
    world.commit(3);
    const socket = new FakeSocket();
    await new Outbox(world.sequencer, world.source, socket, options()).run(99);
    expect(socket.error()).toMatchObject({ error: "FutureCursor" });
    expect(socket.closed).toEqual({ code: 1008, reason: "FutureCursor" });
    expect(world.listeners.size).toBe(0);
  });

  it("a live consumer whose socket holds too many bytes gets ConsumerTooSlow and is dropped", async () => {
    const world = new World();
    const socket = new FakeSocket();
    await new Outbox(world.sequencer, world.source, socket, options({ maxBufferedBytes: 1000 })).run();
    world.commit(2);
    world.announce();
    socket.bufferedAmount = 1001;
    world.commit(1);
    world.announce();
    expect(socket.seqs()).toHaveLength(2);
    expect(socket.error()).toMatchObject({ error: "ConsumerTooSlow" });
    expect(socket.closed?.code).toBe(1008);
    expect(world.listeners.size).toBe(0);
  });

  it("a consumer that stops reading during its replay gets ConsumerTooSlow once too many live events wait", async () => {
    const world = new World();
    world.commit(10);
    world.announce();
    const socket = new FakeSocket();
    socket.flushing = false; // the first page is never taken by the OS: the replay waits on it
    const outbox = new Outbox(world.sequencer, world.source, socket, options({ pageSize: 20, maxPending: 5 }));
    void outbox.run(0);
    while (world.listeners.size === 0) await Promise.resolve();
    world.commit(6);
    world.announce();
    expect(socket.error()).toMatchObject({ error: "ConsumerTooSlow" });
    expect(socket.closed?.code).toBe(1008);
    expect(world.listeners.size).toBe(0);
  });

  it("a database failure during the replay ends the stream with InternalServerError (1011), without details", async () => {
    const world = new World();
    world.commit(3);
    world.beforeRead = () => {
      throw new Error("connection terminated: secret detail");
    };
    const socket = new FakeSocket();
    await new Outbox(world.sequencer, world.source, socket, options()).run(0);
    expect(socket.error()).toEqual({ error: "InternalServerError", message: expect.not.stringContaining("secret") });
    expect(socket.closed?.code).toBe(1011);
  });

  it("a consumer that hangs up mid-replay (EPIPE) is dropped quietly: no error frame, no subscription left", async () => {
    const world = new World();
    world.commit(10);
    const socket = new FakeSocket();
    socket.writeError = Object.assign(new Error("write EPIPE"), { code: "EPIPE" });
    await new Outbox(world.sequencer, world.source, socket, options()).run(0);
    expect(socket.error()).toBeUndefined();
    expect(socket.closed).toBeUndefined();
    expect(world.listeners.size).toBe(0);
  });

  it("stop() (the socket closed) unsubscribes and sends nothing more", async () => {
    const world = new World();
    const socket = new FakeSocket();
    const outbox = new Outbox(world.sequencer, world.source, socket, options());
    await outbox.run();
    outbox.stop();
    world.commit(1);
    world.announce();
    expect(socket.frames).toHaveLength(0);
    expect(world.listeners.size).toBe(0);
  });
});

describe("outbox logging", () => {
  afterEach(() => vi.restoreAllMocks());
  const spies = () => ({ debug: vi.spyOn(logger, "debug"), warn: vi.spyOn(logger, "warn"), error: vi.spyOn(logger, "error") });

  it.each(["EPIPE", "ECONNRESET", CONSUMER_GONE])("a consumer gone mid-replay (%s) is one debug line, never an error", async (code) => {
    const logged = spies();
    const world = new World();
    world.commit(10);
    const socket = new FakeSocket();
    socket.writeError = Object.assign(new Error(`gone: ${code}`), { code });
    const outbox = new Outbox(world.sequencer, world.source, socket, options());
    await outbox.run(0);
    outbox.stop(); // its socket's close follows
    expect(logged.debug).toHaveBeenCalledTimes(1);
    expect(logged.debug).toHaveBeenCalledWith(expect.objectContaining({ replaying: true, code }), "label stream: subscriber left");
    expect(logged.error).not.toHaveBeenCalled();
    expect(logged.warn).not.toHaveBeenCalled();
  });

  it("a consumer closing mid-replay is one debug line", async () => {
    const logged = spies();
    const world = new World();
    world.commit(10);
    const socket = new FakeSocket();
    socket.flushing = false; // the first page never leaves: the replay waits on it
    const outbox = new Outbox(world.sequencer, world.source, socket, options());
    void outbox.run(0);
    while (socket.frames.length === 0) await Promise.resolve();
    outbox.stop();
    expect(logged.debug).toHaveBeenCalledExactlyOnceWith(expect.objectContaining({ replaying: true }), "label stream: subscriber left");
    expect(logged.error).not.toHaveBeenCalled();
  });

  it("a real failure is logged as an error with its stack (pino's err), and the close it causes adds nothing", async () => {
    const logged = spies();
    const world = new World();
    world.commit(3);
    const failure = new Error("connection terminated");
    world.beforeRead = () => {
      throw failure;
    };
    const outbox = new Outbox(world.sequencer, world.source, new FakeSocket(), options());
    await outbox.run(0);
    outbox.stop();
    expect(logged.error).toHaveBeenCalledExactlyOnceWith({ err: failure }, "label stream: subscriber failed");
    expect(failure.stack).toContain("connection terminated");
    expect(logged.debug).not.toHaveBeenCalled();
  });
});
