/**
 * Splits stdin into lines as they arrive. A line longer than `maxLineBytes` is not
 * kept whole (memory stays bounded): `onOverlong` gets its first kilobytes, from
 * which the plugin may still recover the event id to answer.
 */
export class LineSplitter {
  private parts: Buffer[] = [];
  private partBytes = 0;
  private overlongHead: string | null = null;
  private readonly maxLineBytes: number;

  constructor(maxLineBytes: number) {
    this.maxLineBytes = maxLineBytes;
  }

  push(chunk: Buffer, onLine: (line: string, bytes: number) => void, onOverlong: (head: string) => void): void {
    let start = 0;
    for (let end = chunk.indexOf(10, start); end !== -1; end = chunk.indexOf(10, start)) {
      if (this.overlongHead !== null) {
        onOverlong(this.overlongHead);
        this.overlongHead = null;
      } else if (this.partBytes === 0) {
        onLine(chunk.toString("utf8", start, end), end - start);
      } else {
        const line = Buffer.concat([...this.parts, chunk.subarray(start, end)]);
        this.parts = [];
        this.partBytes = 0;
        onLine(line.toString("utf8"), line.length);
      }
      start = end + 1;
    }
    if (start < chunk.length && this.overlongHead === null) this.keep(chunk.subarray(start));
  }

  private keep(rest: Buffer): void {
    // Copied: the stream may reuse the chunk's memory.
    this.parts.push(Buffer.from(rest));
    this.partBytes += rest.length;
    if (this.partBytes > this.maxLineBytes) {
      this.overlongHead = Buffer.concat(this.parts).toString("utf8", 0, 4_096);
      this.parts = [];
      this.partBytes = 0;
    }
  }
}
