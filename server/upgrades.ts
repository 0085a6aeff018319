import type { IncomingMessage } from "node:http";
import type { Duplex } from "node:stream";

export type UpgradeHandler = (request: IncomingMessage, socket: Duplex, head: Buffer) => void;

/**
 * WebSocket endpoints owned by the custom server, by exact path. Next.js route
 * handlers cannot upgrade, so every stream lives here.
 */
export const SUBSCRIBE_LABELS_PATH = "/xrpc/com.atproto.label.subscribeLabels";

export function createUpgradeRoutes(): Map<string, UpgradeHandler> {
  return new Map<string, UpgradeHandler>([
    // Reserved for the labeler stream; until it exists the method is not implemented.
    [SUBSCRIBE_LABELS_PATH, (_request, socket) => rejectUpgrade(socket, 501, { error: "MethodNotImplemented", message: "subscribeLabels is not available yet" })],
  ]);
}

/** Answers an upgrade request with a plain HTTP error and closes the socket. */
export function rejectUpgrade(socket: Duplex, status: number, body: object): void {
  const json = JSON.stringify(body);
  socket.end(
    `HTTP/1.1 ${status} ${status === 404 ? "Not Found" : "Error"}\r\n` +
      `Content-Type: application/json\r\nContent-Length: ${Buffer.byteLength(json)}\r\nConnection: close\r\n\r\n${json}`,
  );
}
