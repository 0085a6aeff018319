import { encode } from "@atproto/lex-cbor";
import { describe, expect, it } from "vitest";
import * as ws from "ws";
import { ERROR_HEADER, errorFrame, LABELS_HEADER, labelsFrame, websocketMessages } from "@/lib/labels/stream/frames";
import { isoTime } from "@/lib/labels/stream/iso-time";
import type { SignedLabel } from "@/lib/labels/sign-label";
import { decodeFrame } from "../support/label-stream";

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString("hex");

/** What the generic DAG-CBOR encoder makes of the same message. */
const reference = (seq: number, label: SignedLabel) => Buffer.concat([LABELS_HEADER, encode({ seq, labels: [label] })]);

const base: SignedLabel = {
  ver: 1,
  src: "did:plc:ewvi7nxzyoun6zhxrhs64oiz",
  uri: "at://did:plc:ewvi7nxzyoun6zhxrhs64oiz/app.bsky.feed.post/3k2a",
  val: "spam",
  cts: "2026-11-22T00:00:00.000Z",
  sig: Uint8Array.from({ length: 64 }, (_, i) => i * 3),
};

/** The messages ws's own parser (what a client runs) reads from these bytes, binary flag included. */
function parsedByWs(bytes: Buffer): Promise<{ data: Buffer; binary: boolean }[]> {
  // ws exports its parser at run time; @types/ws does not describe it.
  const Receiver = (ws as unknown as { Receiver: new (options: object) => import("node:stream").Writable }).Receiver;
  const receiver = new Receiver({ isServer: false, binaryType: "nodebuffer", maxPayload: 0 });
  const messages: { data: Buffer; binary: boolean }[] = [];
  receiver.on("message", (data: Buffer, binary: boolean) => messages.push({ data, binary }));
  return new Promise((resolve, reject) => {
    receiver.on("error", reject);
    receiver.write(bytes, () => resolve(messages));
  });
}

describe("stream frames", () => {
  it("websocketMessages writes each frame as one unmasked binary message, in every length form", async () => {
    const sizes = [0, 1, 125, 126, 200, 65_535, 65_536, 70_000];
    const frames = sizes.map((size, n) => Buffer.alloc(size, n + 1));
    const bytes = websocketMessages(frames);
    expect(bytes.subarray(0, 2)).toEqual(Buffer.of(0x82, 0)); // FIN, opcode 2; no mask, length 0
    expect(bytes.length).toBe(sizes.reduce((sum, size) => sum + size + (size < 126 ? 2 : size < 65_536 ? 4 : 10), 0));
    const messages = await parsedByWs(bytes);
    expect(messages.map((message) => message.binary)).toEqual(sizes.map(() => true));
    expect(messages.map((message) => message.data)).toEqual(frames);
    expect(websocketMessages([])).toHaveLength(0);
  });

  it("the headers are exactly {t:'#labels', op:1} and {op:-1}", () => {
    expect(hex(LABELS_HEADER)).toBe("a2617467236c6162656c73626f7001");
    expect(hex(ERROR_HEADER)).toBe("a1626f7020");
    expect(hex(encode({ t: "#labels", op: 1 }))).toBe(hex(LABELS_HEADER));
    expect(hex(encode({ op: -1 }))).toBe(hex(ERROR_HEADER));
  });

  it("labelsFrame writes the same bytes as @atproto/lex-cbor for every field shape", () => {
    const lengths = [0, 1, 23, 24, 255, 256, 300, 65_535, 65_536];
    const strings = [...lengths.map((n) => "a".repeat(n)), "é", "ü".repeat(200), "🏳️‍🌈 flag", "x".repeat(100) + "ß"];
    const seqs = [1, 23, 24, 255, 256, 65_535, 65_536, 2 ** 32 - 1, 2 ** 32, Number.MAX_SAFE_INTEGER];
    const variants: SignedLabel[] = [
      base,
      { ...base, neg: true },
      { ...base, cid: "bafyreifxykqhed72s26cr4i64rxvrtofeqrly3j4vjzbkvo3ckkjbxjqtq" },
      { ...base, exp: "2027-01-01T00:00:00.000Z" },
      { ...base, cid: "bafyreie5737gdxlw5i64vzichcalba3z2v5n6icifvx5xytvske7mr3hpm", neg: true, exp: "2027-01-01T00:00:00.000Z" },
      ...strings.map((text) => ({ ...base, uri: `at://did:plc:x/${text}`, val: text.slice(0, 128) || "v", src: `did:web:${text}` })),
      { ...base, sig: new Uint8Array(0) },
      { ...base, sig: new Uint8Array(300).fill(255) },
    ];
    for (const label of variants) {
      for (const seq of seqs) expect(hex(labelsFrame(seq, label))).toBe(hex(reference(seq, label)));
    }
  });

  it("a #labels frame decodes to {seq, labels:[label]} with sig as bytes and no $type", () => {
    const { header, body } = decodeFrame(labelsFrame(42, base));
    expect(header).toEqual({ t: "#labels", op: 1 });
    expect(body).toEqual({ seq: 42, labels: [{ ...base, sig: base.sig }] });
    expect(JSON.stringify(body)).not.toContain("$type");
    expect((body.labels as { sig: unknown }[])[0]!.sig).toBeInstanceOf(Uint8Array);
  });

  it("an error frame is {op:-1} then {error, message}", () => {
    const frame = errorFrame("FutureCursor", "Cursor is ahead");
    expect(hex(frame.subarray(0, ERROR_HEADER.length))).toBe("a1626f7020");
    expect(decodeFrame(frame).body).toEqual({ error: "FutureCursor", message: "Cursor is ahead" });
  });
});

describe("isoTime (stored timestamps as the strings they were signed as)", () => {
  it("equals toISOString for any millisecond, before 1970, across days, and beyond four-digit years", () => {
    const edges = [0, -1, 1, 86_399_999, 86_400_000, -86_400_001, Date.UTC(2026, 0, 1), Date.UTC(9999, 11, 31, 23, 59, 59, 999), -62_167_219_200_000, -62_167_219_200_001, 253_402_300_800_000, 8.64e15];
    const random = Array.from({ length: 20_000 }, () => Math.floor((Math.random() - 0.3) * 4e14));
    for (const ms of [...edges, ...random]) expect(isoTime(ms)).toBe(new Date(ms).toISOString());
    expect(isoTime("1767225600123")).toBe("2026-01-01T00:00:00.123Z"); // int8 as text, as pg returns it
  });
});
