import type { Duplex } from "node:stream";
import type { WebSocket } from "ws";
import { z } from "zod";
import type { LabelStream } from "./label-stream";
import { websocketMessages } from "./frames";
import { CONSUMER_GONE, Outbox, StreamError, type StreamSocket } from "./outbox";
import type { StreamTicket } from "./stream-limits";

const cursorSchema = z
  .string()
  .regex(/^\d{1,16}$/, "must be a seq number (a non-negative integer)")
  .transform(Number)
  .refine(Number.isSafeInteger, "is too large");

/** `?cursor=N` replays the current labels after N, then goes live; no cursor is live only. */
export function parseSubscribeCursor(query: URLSearchParams): number | undefined {
  const values = query.getAll("cursor");
  if (values.length === 0) return undefined;
  if (values.length > 1) throw new StreamError("InvalidRequest", "cursor: give it once");
  const parsed = cursorSchema.safeParse(values[0]);
  if (!parsed.success) throw new StreamError("InvalidRequest", `cursor: ${parsed.error.issues[0]!.message}`);
  return parsed.data;
}

/**
 * Whether a request catches up from a cursor older than the live head: a replay, which
 * the stream's limits count apart. A bad cursor is no replay; the stream refuses it.
 */
export function isReplay(query: URLSearchParams, liveHead: number): boolean {
  try {
    const cursor = parseSubscribeCursor(query);
    return cursor !== undefined && cursor < liveHead;
  } catch {
    return false;
  }
}

/**
 * Serves com.atproto.label.subscribeLabels on an upgraded socket until either side closes
 * it. The ticket's replay place is given back once the stream is live (or has failed).
 */
export function subscribeLabels(stream: LabelStream, ws: WebSocket, socket: Duplex, query: URLSearchParams, ticket?: StreamTicket): void {
  // Client frames are ignored (event-stream spec); on a malformed one ws closes the socket itself.
  ws.on("message", () => {});
  ws.on("error", () => {});
  const outbox = new Outbox(stream.sequencer, stream.source, streamSocket(ws, socket), stream.outbox);
  stream.sockets.add(ws);
  ws.once("close", () => {
    stream.sockets.delete(ws);
    outbox.stop();
  });
  let cursor: number | undefined;
  try {
    cursor = parseSubscribeCursor(query);
  } catch (error) {
    return outbox.fail(error);
  }
  void outbox.run(cursor).finally(() => ticket?.endReplay());
}

/**
 * Frames go to the upgraded socket as websocket messages written here, a page in one write:
 * one `ws.send` per label cost more than encoding it. The server runs `ws` without
 * compression (server/upgrades.ts), so its sender writes straight to this socket too and
 * the order of messages is the order of writes; ws.bufferedAmount counts both.
 */
function streamSocket(ws: WebSocket, socket: Duplex): StreamSocket {
  return {
    send: (frames, sent) => {
      if (ws.readyState !== ws.OPEN) {
        return sent?.(Object.assign(new Error(`the websocket is no longer open (readyState ${ws.readyState})`), { code: CONSUMER_GONE }));
      }
      socket.write(websocketMessages(frames), (error) => sent?.(error ?? undefined));
    },
    get bufferedAmount() {
      return ws.bufferedAmount;
    },
    close: (code, reason) => ws.close(code, reason),
  };
}
