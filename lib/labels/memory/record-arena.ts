// Large enough that slabs are few, small enough that the last one's unused tail is cheap.
const SLAB_BYTES = 1 << 20;

/**
 * Byte records off the V8 heap, appended into slabs of 1 MiB and never changed: the GC
 * neither scans nor moves them, and a run of records appended one after another is copied
 * out in one piece. A record's place is one number (slab × SLAB_BYTES + offset).
 */
export class RecordArena {
  private readonly slabs: Buffer[] = [];
  private used = SLAB_BYTES;
  /** Bytes of the slabs allocated so far. */
  bytes = 0;

  /** Appends the text as UTF-8; returns its place and length in bytes. */
  append(text: string): { at: number; length: number } {
    const length = Buffer.byteLength(text);
    const at = this.reserve(length);
    this.slabOf(at).write(text, at % SLAB_BYTES, length, "utf8");
    return { at, length };
  }

  /** Appends a record copied from another arena (compaction). */
  appendFrom(other: RecordArena, from: number, length: number): number {
    const at = this.reserve(length);
    other.copyTo(this.slabOf(at), at % SLAB_BYTES, from, length);
    return at;
  }

  /** Writes `length` bytes from `at` into `target` at `offset`; returns the bytes written. */
  copyTo(target: Uint8Array, offset: number, at: number, length: number): number {
    const start = at % SLAB_BYTES;
    return this.slabOf(at).copy(target, offset, start, start + length);
  }

  /** Whether the bytes at `at` begin with `bytes`. */
  startsWith(at: number, length: number, bytes: Uint8Array): boolean {
    if (bytes.length > length) return false;
    const start = at % SLAB_BYTES;
    return this.slabOf(at).compare(bytes, 0, bytes.length, start, start + bytes.length) === 0;
  }

  /** Whether a record that begins at `next` directly follows one that ends at `end`, in the same slab. */
  follows(end: number, next: number): boolean {
    return next === end && next % SLAB_BYTES !== 0;
  }

  private reserve(length: number): number {
    if (this.used + length > SLAB_BYTES) {
      // A record longer than a slab (a URI near its 8 KB limit cannot make one) gets a slab of its own.
      const slab = Buffer.allocUnsafeSlow(Math.max(SLAB_BYTES, length));
      this.slabs.push(slab);
      this.bytes += slab.length;
      this.used = 0;
    }
    const at = (this.slabs.length - 1) * SLAB_BYTES + this.used;
    this.used += length;
    return at;
  }

  private slabOf(at: number): Buffer {
    return this.slabs[Math.floor(at / SLAB_BYTES)]!;
  }
}
