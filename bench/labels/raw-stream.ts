import { randomBytes } from "node:crypto";
import net from "node:net";
import { decodeFirst } from "cborg";

// A websocket client that only splits frames. A full client (ws) spends more per message
// than either server does, and one process holds every client here: timing the servers
// needs the cheapest possible reader.

const STREAM = "/xrpc/com.atproto.label.subscribeLabels";

/** Opens subscribeLabels and calls onFrame with each message's payload; resolves once upgraded. */
export function openStream(ws: string, query: string, onFrame: (payload: Buffer) => void): Promise<net.Socket> {
  const { hostname, port } = new URL(ws);
  return new Promise((resolve, reject) => {
    const socket = net.connect(Number(port), hostname, () =>
      socket.write(
        `GET ${STREAM}${query} HTTP/1.1\r\nHost: ${hostname}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
          `Sec-WebSocket-Key: ${randomBytes(16).toString("base64")}\r\nSec-WebSocket-Version: 13\r\n\r\n`,
      ),
    );
    socket.setNoDelay(true);
    let buffered: Buffer = Buffer.alloc(0);
    let upgraded = false;
    socket.on("data", (chunk: Buffer) => {
      buffered = buffered.length ? Buffer.concat([buffered, chunk]) : chunk;
      let at = 0;
      if (!upgraded) {
        const end = buffered.indexOf("\r\n\r\n");
        if (end < 0) return;
        if (!buffered.subarray(0, 12).toString().endsWith("101")) return reject(new Error(buffered.subarray(0, end).toString()));
        upgraded = true;
        at = end + 4;
        resolve(socket);
      }
      for (let frame = frameAt(buffered, at); frame; frame = frameAt(buffered, at)) {
        at = frame.end;
        onFrame(buffered.subarray(frame.start, frame.end));
      }
      buffered = buffered.subarray(at);
    });
    socket.once("error", reject);
  });
}

/** An unmasked server frame at `at`: where its payload starts and ends, if it is complete. */
function frameAt(buffer: Buffer, at: number): { start: number; end: number } | undefined {
  if (buffer.length - at < 2) return undefined;
  let length = buffer[at + 1]! & 0x7f;
  let start = at + 2;
  if (length === 126) {
    if (buffer.length - at < 4) return undefined;
    length = buffer.readUInt16BE(at + 2);
    start = at + 4;
  } else if (length === 127) {
    if (buffer.length - at < 10) return undefined;
    length = Number(buffer.readBigUInt64BE(at + 2));
    start = at + 10;
  }
  return start + length <= buffer.length ? { start, end: start + length } : undefined;
}

const LABELS_PREFIX = Buffer.from("a2617467236c6162656c73626f7001a263736571", "hex"); // header, then {"seq":

/** The seq of a #labels frame: read in place when canonical (both servers' are), else decoded. */
export function seqOf(payload: Buffer): number {
  if (payload.subarray(0, LABELS_PREFIX.length).equals(LABELS_PREFIX)) {
    const at = LABELS_PREFIX.length;
    const info = payload[at]! & 0x1f;
    if (info < 24) return info;
    if (info === 24) return payload[at + 1]!;
    if (info === 25) return payload.readUInt16BE(at + 1);
    if (info === 26) return payload.readUInt32BE(at + 1);
  }
  return (decodeFirst(decodeFirst(payload)[1])[0] as { seq: number }).seq;
}
