import { encode } from "@atproto/lex-cbor";
import type { StoredLabel } from "../label-codec";
import type { SignedLabel } from "../sign-label";

// An event-stream frame is two DAG-CBOR items in one binary websocket message: a header,
// then the body (atproto event-stream spec).

/** `{t: "#labels", op: 1}`: `t` sorts before `op` (shorter key first). */
export const LABELS_HEADER = Uint8Array.of(0xa2, 0x61, 0x74, 0x67, 0x23, 0x6c, 0x61, 0x62, 0x65, 0x6c, 0x73, 0x62, 0x6f, 0x70, 0x01);
/** `{op: -1}`: the body is `{error, message}` and the server closes after it. */
export const ERROR_HEADER = Uint8Array.of(0xa1, 0x62, 0x6f, 0x70, 0x20);

/** A label as it goes out on the stream: its seq and its encoded frame, shared by every subscriber. */
export type LabelEvent = { seq: number; frame: Buffer };

export function labelEvent(label: StoredLabel): LabelEvent {
  return { seq: label.seq, frame: labelsFrame(label.seq, label) };
}

/** An error frame: the stream ends after it. */
export function errorFrame(error: string, message: string): Buffer {
  return Buffer.concat([ERROR_HEADER, encode({ error, message })]);
}

/**
 * Each frame as one binary websocket message from a server (RFC 6455 §5.2: FIN set,
 * opcode 2, no mask, the shortest length form), all in one buffer for one write.
 */
export function websocketMessages(frames: readonly Uint8Array[]): Buffer {
  let size = 0;
  for (const frame of frames) size += messageHeaderSize(frame.length) + frame.length;
  const out = Buffer.allocUnsafe(size);
  let offset = 0;
  for (const frame of frames) {
    out[offset++] = 0x82;
    if (frame.length < 126) {
      out[offset++] = frame.length;
    } else if (frame.length < 0x10000) {
      out[offset++] = 126;
      offset = out.writeUInt16BE(frame.length, offset);
    } else {
      out[offset++] = 127;
      offset = out.writeBigUInt64BE(BigInt(frame.length), offset);
    }
    out.set(frame, offset);
    offset += frame.length;
  }
  return out;
}

const messageHeaderSize = (length: number) => (length < 126 ? 2 : length < 0x10000 ? 4 : 10);

/** A label's text fields as strings, or as their UTF-8 bytes (read raw from the database). */
type Text = string | Uint8Array;
export type FrameLabel = Omit<SignedLabel, "src" | "uri" | "cid" | "val"> & { src: Text; uri: Text; cid?: Text; val: Text };

/**
 * `#labels` frame with body `{seq, labels: [label]}`. Written by hand because replay encodes
 * every row it sends (measured here: ~125k frames/s with @atproto/lex-cbor, ~800k with
 * this); a test proves the bytes equal @atproto/lex-cbor's for every field shape.
 */
export function labelsFrame(seq: number, label: FrameLabel): Buffer {
  at = 0;
  writeBytes(BODY_START);
  writeHead(UINT, seq);
  writeBytes(LABELS_KEY);
  // DAG-CBOR key order: shorter first, then bytewise; every label key has three letters.
  const { cid, cts, exp, neg, sig, src, uri, val, ver } = label;
  writeHead(MAP, 6 + (cid === undefined ? 0 : 1) + (exp === undefined ? 0 : 1) + (neg === undefined ? 0 : 1));
  if (cid !== undefined) writeEntry(KEYS.cid, cid);
  writeEntry(KEYS.cts, cts);
  if (exp !== undefined) writeEntry(KEYS.exp, exp);
  if (neg !== undefined) {
    writeKey(KEYS.neg);
    reserve(1);
    scratch[at++] = neg ? 0xf5 : 0xf4;
  }
  writeKey(KEYS.sig);
  writeHead(BYTES, sig.length);
  writeBytes(sig);
  writeEntry(KEYS.src, src);
  writeEntry(KEYS.uri, uri);
  writeEntry(KEYS.val, val);
  writeKey(KEYS.ver);
  writeHead(UINT, ver);
  return Buffer.from(scratch.subarray(0, at));
}

const UINT = 0;
const BYTES = 2;
const TEXT = 3;
const ARRAY = 4;
const MAP = 5;

// The frame is written into one scratch buffer (encoding is synchronous), then copied out.
let scratch = Buffer.allocUnsafe(64 * 1024);
let at = 0;

// What every frame holds, encoded once: header, `{seq:` and `labels: [` around the seq,
// and each label key as CBOR text (three letters: 0x63 then the letters).
const textBytes = (text: string) => Uint8Array.of(TEXT << 5 | text.length, ...Buffer.from(text, "ascii"));
const BODY_START = Uint8Array.of(...LABELS_HEADER, MAP << 5 | 2, ...textBytes("seq"));
const LABELS_KEY = Uint8Array.of(...textBytes("labels"), ARRAY << 5 | 1);
const KEYS = Object.fromEntries(["cid", "cts", "exp", "neg", "sig", "src", "uri", "val", "ver"].map((key) => [key, textBytes(key)])) as Record<
  "cid" | "cts" | "exp" | "neg" | "sig" | "src" | "uri" | "val" | "ver",
  Uint8Array
>;

function writeKey(key: Uint8Array): void {
  reserve(4);
  scratch[at] = key[0]!;
  scratch[at + 1] = key[1]!;
  scratch[at + 2] = key[2]!;
  scratch[at + 3] = key[3]!;
  at += 4;
}

function reserve(size: number): void {
  if (at + size <= scratch.length) return;
  const grown = Buffer.allocUnsafe(Math.max(scratch.length * 2, at + size));
  scratch.copy(grown, 0, 0, at);
  scratch = grown;
}

function writeBytes(value: Uint8Array): void {
  reserve(value.length);
  scratch.set(value, at);
  at += value.length;
}

/** A CBOR head in its shortest form, as DAG-CBOR requires. Lengths and seq are below 2^53. */
function writeHead(major: number, length: number): void {
  reserve(9);
  const type = major << 5;
  if (length < 24) {
    scratch[at++] = type | length;
  } else if (length < 0x100) {
    scratch[at++] = type | 24;
    scratch[at++] = length;
  } else if (length < 0x10000) {
    scratch[at++] = type | 25;
    at = scratch.writeUInt16BE(length, at);
  } else if (length < 0x100000000) {
    scratch[at++] = type | 26;
    at = scratch.writeUInt32BE(length, at);
  } else {
    scratch[at++] = type | 27;
    at = scratch.writeBigUInt64BE(BigInt(length), at);
  }
}

function writeText(value: Text): void {
  if (typeof value !== "string") {
    writeHead(TEXT, value.length);
    return writeBytes(value);
  }
  if (value.length <= 256) {
    // Copying ASCII by hand beats a call into the UTF-8 encoder for a label's short strings;
    // at the first other character, start again through the encoder.
    const start = at;
    writeHead(TEXT, value.length);
    reserve(value.length);
    let i = 0;
    for (let code; i < value.length && (code = value.charCodeAt(i)) <= 0x7f; i++) scratch[at++] = code;
    if (i === value.length) return;
    at = start;
  }
  const length = Buffer.byteLength(value, "utf8");
  writeHead(TEXT, length);
  reserve(length);
  at += scratch.write(value, at, "utf8");
}

function writeEntry(key: Uint8Array, value: Text): void {
  writeKey(key);
  writeText(value);
}
