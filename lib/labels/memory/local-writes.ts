// What this process wrote, for the memory index: it answers only once it has applied
// the highest seq committed here, and from a load begun after the last rotation here, so
// a reader sees what this process just did (read-your-writes). Another process's writes
// and rotations arrive a notification later, as they do on the stream.

// On globalThis: the custom server and Next's bundle are separate module graphs in one process.
const globals = globalThis as typeof globalThis & { __wardenLocalLabelWrites?: { seq: number; rotations: number } };
const writes = () => (globals.__wardenLocalLabelWrites ??= { seq: 0, rotations: 0 });

export function noteCommittedSeq(seq: number): void {
  writes().seq = Math.max(writes().seq, seq);
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
