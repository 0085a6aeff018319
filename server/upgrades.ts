import type { IncomingMessage } from "node:http";
import type { Duplex } from "node:stream";
import { WebSocketServer } from "ws";
import { throttleKey } from "@/lib/auth/credential-throttle";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { forwardedClient } from "@/lib/http/client-address";
import { endSocketWithAppError, errorShapeForPath } from "@/lib/http/node-response";
import { malformedPathError } from "@/lib/http/request-path";
import { labelStream } from "@/lib/labels/stream/label-stream";
import { isReplay, subscribeLabels } from "@/lib/labels/stream/subscribe-labels";

export type UpgradeHandler = (request: IncomingMessage, socket: Duplex, head: Buffer) => void;

/**
 * WebSocket endpoints owned by the custom server, by exact path. Next.js route
 * handlers cannot upgrade, so every stream lives here.
 */
export const SUBSCRIBE_LABELS_PATH = "/xrpc/com.atproto.label.subscribeLabels";

export function createUpgradeRoutes(): Map<string, UpgradeHandler> {
  // Client messages are ignored, so anything large is refused by ws before it is buffered.
  const server = new WebSocketServer({ noServer: true, maxPayload: 64 * 1024, perMessageDeflate: false, clientTracking: false });
  // A broken handshake (no or a malformed Sec-WebSocket-Key, another version): the JSON
  // 400 of every refusal here, not ws's own text/html answer.
  server.on("wsClientError", (error, socket, request) => rejectUpgrade(request, socket, new AppError("invalid_request", error.message)));
  return new Map<string, UpgradeHandler>([
    [
      SUBSCRIBE_LABELS_PATH,
      (request, socket, head) => {
        if (request.method !== "GET") return rejectUpgrade(request, socket, new AppError("method_not_allowed", "subscribeLabels takes GET"));
        const stream = labelStream();
        if (!stream?.sequencer.ready) {
          return rejectUpgrade(request, socket, new AppError("unavailable", "The label stream is starting; retry shortly"));
        }
        const query = new URL(request.url ?? "/", "http://localhost").searchParams;
        // Refused before the upgrade, with a status and Retry-After (event-stream spec: 429, 503).
        const ticket = stream.limits.admit(clientOf(request), isReplay(query, stream.sequencer.lastSeen));
        if (ticket instanceof AppError) return rejectUpgrade(request, socket, ticket);
        socket.once("close", ticket.release); // also when the handshake fails and no stream starts
        server.handleUpgrade(request, socket, head, (ws) => subscribeLabels(stream, ws, socket, query, ticket));
      },
    ],
  ]);
}

/**
 * Whom a stream counts against: the address the trusted proxies vouch for (upgrades do
 * not pass through prepareRequest), IPv6 by /64 as the credential throttle counts it.
 */
function clientOf(request: IncomingMessage): string {
  const forwardedFor = request.headers["x-forwarded-for"];
  const headers = { forwardedFor: typeof forwardedFor === "string" ? forwardedFor : undefined };
  return throttleKey(forwardedClient(request.socket.remoteAddress, headers, env().TRUST_PROXY).address);
}

/**
 * Answers an upgrade request with an HTTP error in the shape its path's callers parse,
 * and closes the socket.
 */
export function rejectUpgrade(request: IncomingMessage, socket: Duplex, error: AppError): void {
  const path = (request.url ?? "/").split("?")[0]!;
  endSocketWithAppError(socket, error, errorShapeForPath(path));
}

/** The 400 of server/request-context.ts answerMalformedPath, for upgrades. Returns whether it answered. */
export function rejectMalformedUpgrade(request: IncomingMessage, socket: Duplex): boolean {
  const error = malformedPathError(request.url ?? "/");
  if (error) rejectUpgrade(request, socket, error);
  return Boolean(error);
}
