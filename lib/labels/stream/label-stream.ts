import type { WebSocket } from "ws";
import { env } from "@/lib/env";
import { MemoryReads } from "../memory/memory-reads";
import { closeLabelSource, labelSource, type LabelSource } from "./label-source";
import { DEFAULT_OUTBOX_OPTIONS, type OutboxOptions } from "./outbox";
import { Sequencer, type SequencerOptions } from "./sequencer";
import { StreamLimits, type StreamLimitOptions } from "./stream-limits";

/** The process's label stream: one sequencer, its subscribers' sockets, and how they are served. */
export type LabelStream = {
  sequencer: Sequencer;
  source: LabelSource;
  outbox: OutboxOptions;
  /** Streams and replays open per client and in total, checked before each upgrade. */
  limits: StreamLimits;
  /** Open subscriber sockets, closed at shutdown. */
  sockets: Set<WebSocket>;
  /** queryLabels answered from memory, fed by the sequencer (LABELS_IN_MEMORY=off: none). */
  memory: MemoryReads | undefined;
};

export type LabelStreamOptions = {
  sequencer?: SequencerOptions;
  outbox?: Partial<OutboxOptions>;
  limits?: Partial<StreamLimitOptions>;
  /** Answer queryLabels from memory (default: LABELS_IN_MEMORY). */
  memory?: boolean;
};

// On globalThis: the custom server and Next's bundle are separate module graphs in one process.
const globals = globalThis as typeof globalThis & { __wardenLabelStream?: LabelStream };

/** Starts the process's stream once (the custom server does, after migrations). */
export function startLabelStream(options: LabelStreamOptions = {}): LabelStream {
  if (globals.__wardenLabelStream) return globals.__wardenLabelStream;
  const source = labelSource();
  const sequencer = new Sequencer(source, { takeLocalWrites: true, ...options.sequencer });
  void sequencer.start();
  const limits = new StreamLimits({ ...configuredLimits(), ...options.limits });
  const outbox = { ...DEFAULT_OUTBOX_OPTIONS, ...options.outbox };
  const memory = (options.memory ?? env().LABELS_IN_MEMORY === "on") ? new MemoryReads(source, sequencer) : undefined;
  memory?.start();
  return (globals.__wardenLabelStream = { sequencer, source, outbox, limits, sockets: new Set(), memory });
}

function configuredLimits(): StreamLimitOptions {
  const config = env();
  return {
    connections: config.STREAM_MAX_CONNECTIONS,
    connectionsPerClient: config.STREAM_MAX_CONNECTIONS_PER_CLIENT,
    replays: config.STREAM_MAX_REPLAYS,
    replaysPerClient: config.STREAM_MAX_REPLAYS_PER_CLIENT,
  };
}

export function labelStream(): LabelStream | undefined {
  return globals.__wardenLabelStream;
}

const CLOSE_GRACE_MS = 1_000;

/** Says goodbye to every subscriber (1001), then stops the sequencer and closes the label reads. */
export async function stopLabelStream(): Promise<void> {
  const stream = globals.__wardenLabelStream;
  globals.__wardenLabelStream = undefined;
  if (!stream) return;
  const closed = [...stream.sockets].map((socket) => {
    socket.close(1001, "server shutting down");
    return new Promise<void>((resolve) => {
      // A peer that does not answer the close handshake is cut off.
      const timer = setTimeout(() => socket.terminate(), CLOSE_GRACE_MS).unref();
      socket.once("close", () => (clearTimeout(timer), resolve()));
    });
  });
  await Promise.all(closed);
  stream.memory?.stop();
  await stream.sequencer.stop();
  await closeLabelSource();
}
