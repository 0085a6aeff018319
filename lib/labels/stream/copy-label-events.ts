import type pg from "pg";
import { to as copyTo } from "pg-copy-streams";
import { labelsFrame, type LabelEvent } from "./frames";
import { isoTime } from "./iso-time";

/** The columns copyLabelEvents reads, in its order (labels as `l`). */
export const COPY_COLUMNS = "l.seq, l.src, l.uri, l.cid, l.val, l.neg, l.sig, l.cts, l.exp";

const SIGNATURE = Buffer.from("PGCOPY\n\xff\r\n\0", "latin1");
/** 2000-01-01T00:00:00Z: binary timestamps count microseconds from it. */
const POSTGRES_EPOCH_MS = 946_684_800_000;

/**
 * The labels a query of COPY_COLUMNS returns, as stream events, read with
 * `COPY … TO STDOUT (FORMAT binary)`: text and signatures arrive as raw bytes and go into
 * the frame as they are, where a query's text rows would be decoded into strings, the
 * signature from hex, and the strings encoded again (decision 007).
 */
export async function copyLabelEvents(client: pg.PoolClient, query: string): Promise<LabelEvent[]> {
  const parser = new CopyLabelParser();
  // Rows become frames chunk by chunk as they arrive (~64 KB, ~200 rows each), so other
  // requests get the event loop between chunks rather than once per page (decision 015).
  for await (const chunk of client.query(copyTo(`COPY (${query}) TO STDOUT (FORMAT binary)`))) parser.push(chunk as Buffer);
  return parser.end();
}

/** Parses a whole binary COPY stream at once. */
export function labelEventsFromCopy(copy: Buffer): LabelEvent[] {
  const parser = new CopyLabelParser();
  parser.push(copy);
  return parser.end();
}

let data: Buffer = Buffer.alloc(0);
let at = 0;

/**
 * PostgreSQL's binary COPY format (header, tuples of length-prefixed fields, trailer),
 * parsed as it arrives: each push turns the complete rows into events and keeps the
 * bytes of a row cut off at the end of the chunk for the next one.
 */
export class CopyLabelParser {
  private readonly events: LabelEvent[] = [];
  private rest: Buffer = Buffer.alloc(0);
  private started = false;
  private ended = false;

  push(chunk: Buffer): void {
    data = this.rest.length ? Buffer.concat([this.rest, chunk]) : chunk;
    at = 0;
    try {
      if (!this.started && !this.readHeader()) return;
      while (!this.ended && data.length - at >= 2) {
        const fields = data.readInt16BE(at);
        if (fields === -1) {
          this.ended = true;
          at += 2;
        } else if (fields !== 9) {
          throw new Error(`a binary COPY row of ${fields} columns, not 9`);
        } else if (rowComplete(at + 2, fields)) {
          at += 2;
          this.events.push(row());
        } else {
          break;
        }
      }
      this.rest = Buffer.from(data.subarray(at)); // a copy: the chunk itself can go
    } finally {
      data = Buffer.alloc(0);
    }
  }

  end(): LabelEvent[] {
    if (!this.ended) throw new Error(this.started ? "the binary COPY stream ended before its trailer" : "not a binary COPY stream");
    return this.events;
  }

  /** Reads the signature, flags and header extension; false while they are not all here. */
  private readHeader(): boolean {
    if (data.length >= 11 && !data.subarray(0, 11).equals(SIGNATURE)) throw new Error("not a binary COPY stream");
    if (data.length < 19 || data.length < 19 + data.readUInt32BE(15)) {
      this.rest = Buffer.from(data);
      return false;
    }
    at = 19 + data.readUInt32BE(15);
    this.started = true;
    return true;
  }
}

/** Whether the row of `fields` fields starting at `from` is all in `data`. */
function rowComplete(from: number, fields: number): boolean {
  let end = from;
  for (let i = 0; i < fields; i++) {
    if (data.length - end < 4) return false;
    end += 4 + Math.max(0, data.readInt32BE(end));
  }
  return end <= data.length;
}

/** The row at `at` (after its field count) as the event a replay sends. */
function row(): LabelEvent {
  const seq = int8(field()!);
  const src = field()!;
  const uri = field()!;
  const cid = field();
  const val = field()!;
  const neg = field()![0] === 1;
  const sig = field()!;
  const cts = field()!;
  const exp = field();
  const label = {
    ver: 1 as const,
    src,
    uri,
    ...(cid?.length ? { cid } : {}),
    val,
    ...(neg ? { neg: true as const } : {}),
    cts: isoTime(timestampMs(cts)),
    ...(exp ? { exp: isoTime(timestampMs(exp)) } : {}),
    sig,
  };
  return { seq, frame: labelsFrame(seq, label) };
}

/** The next field's bytes (a view, not a copy), or undefined for NULL. */
function field(): Buffer | undefined {
  const length = data.readInt32BE(at);
  at += 4;
  if (length < 0) return undefined;
  at += length;
  return data.subarray(at - length, at);
}

/** A big-endian int8; seqs and timestamps stay far below 2^53. */
const int8 = (bytes: Buffer) => bytes.readInt32BE(0) * 0x1_0000_0000 + bytes.readUInt32BE(4);
const timestampMs = (bytes: Buffer) => POSTGRES_EPOCH_MS + Math.floor(int8(bytes) / 1000);
