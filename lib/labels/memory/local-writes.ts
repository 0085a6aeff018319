// What this process wrote. The memory index answers only once it has applied the highest
// seq committed here, and from a load begun after the last rotation here, so a reader
// sees what this process just did (read-your-writes). The process's sequencer takes the
// labels committed here as they are, without reading them back (decision 039). Another
// process's writes and rotations arrive a notification later, as they do on the stream.
import type { StoredLabel } from "../label-codec";

type LocalWrites = { seq: number; rotations: number; followers: Set<(labels: StoredLabel[]) => void> };

// On globalThis: the custom server and Next's bundle are separate module graphs in one process.
const globals = globalThis as typeof globalThis & { __wardenLocalLabelWrites?: LocalWrites };
const writes = () => (globals.__wardenLocalLabelWrites ??= { seq: 0, rotations: 0, followers: new Set() });

/** Labels this process committed, in seq order, once their transaction has committed. */
export function noteCommitted(labels: StoredLabel[]): void {
  if (labels.length === 0) return;
  writes().seq = Math.max(writes().seq, labels.at(-1)!.seq);
  for (const follower of writes().followers) follower(labels);
}

/** Calls `follower` with every group of labels committed here from now on; returns a function that stops it. */
export function followLocalWrites(follower: (labels: StoredLabel[]) => void): () => void {
  writes().followers.add(follower);
  return () => writes().followers.delete(follower);
}

export function committedSeq(): number {
  return writes().seq;
}

/** A rotation here re-signed every stored label. */
export function noteRotation(): void {
  writes().rotations++;
}

export function rotations(): number {
  return writes().rotations;
}
