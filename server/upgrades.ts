import { STATUS_CODES, type IncomingMessage } from "node:http";
import type { Duplex } from "node:stream";
import { WebSocketServer } from "ws";
import { labelStream } from "@/lib/labels/stream/label-stream";
import { subscribeLabels } from "@/lib/labels/stream/subscribe-labels";

export type UpgradeHandler = (request: IncomingMessage, socket: Duplex, head: Buffer) => void;

/**
 * WebSocket endpoints owned by the custom server, by exact path. Next.js route
 * handlers cannot upgrade, so every stream lives here.
 */
export const SUBSCRIBE_LABELS_PATH = "/xrpc/com.atproto.label.subscribeLabels";

export function createUpgradeRoutes(): Map<string, UpgradeHandler> {
  // Client messages are ignored, so anything large is refused by ws before it is buffered.
  const server = new WebSocketServer({ noServer: true, maxPayload: 64 * 1024, perMessageDeflate: false, clientTracking: false });
  return new Map<string, UpgradeHandler>([
    [
      SUBSCRIBE_LABELS_PATH,
      (request, socket, head) => {
        if (request.method !== "GET") return rejectUpgrade(socket, 405, { error: "InvalidRequest", message: "subscribeLabels takes GET" });
        const stream = labelStream();
        if (!stream?.sequencer.ready) {
          return rejectUpgrade(socket, 503, { error: "ServiceUnavailable", message: "The label stream is starting; retry shortly" });
        }
        const query = new URL(request.url ?? "/", "http://localhost").searchParams;
        server.handleUpgrade(request, socket, head, (ws) => subscribeLabels(stream, ws, socket, query));
      },
    ],
  ]);
}

/** Answers an upgrade request with a plain HTTP error and closes the socket. */
export function rejectUpgrade(socket: Duplex, status: number, body: object): void {
  const json = JSON.stringify(body);
  socket.on("error", () => socket.destroy()); // the client may already be gone
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? "Error"}\r\n` +
      `Content-Type: application/json\r\nContent-Length: ${Buffer.byteLength(json)}\r\nConnection: close\r\n\r\n${json}`,
  );
}
