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
  const chunks: Buffer[] = [];
  for await (const chunk of client.query(copyTo(`COPY (${query}) TO STDOUT (FORMAT binary)`))) chunks.push(chunk as Buffer);
  return labelEventsFromCopy(Buffer.concat(chunks));
}

let data: Buffer = Buffer.alloc(0);
let at = 0;

/** Parses PostgreSQL's binary COPY format (header, tuples of length-prefixed fields, trailer). */
export function labelEventsFromCopy(copy: Buffer): LabelEvent[] {
  if (copy.length < 19 || !copy.subarray(0, 11).equals(SIGNATURE)) throw new Error("not a binary COPY stream");
  data = copy;
  at = 19 + copy.readUInt32BE(15); // after the flags and the header extension
  const events: LabelEvent[] = [];
  for (let fields = copy.readInt16BE(at); fields !== -1; fields = copy.readInt16BE(at)) {
    if (fields !== 9) throw new Error(`a binary COPY row of ${fields} columns, not 9`);
    at += 2;
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
    events.push({ seq, frame: labelsFrame(seq, label) });
  }
  data = Buffer.alloc(0);
  return events;
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
