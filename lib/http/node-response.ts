import { STATUS_CODES, type ServerResponse } from "node:http";
import type { Duplex } from "node:stream";
import type { AppError } from "@/lib/errors";
import { errorBody, errorHeaders, type ErrorShape } from "./error-response";
import { NO_CONTENT_CSP } from "./security-headers";

type Headers = Readonly<Record<string, string>>;

/** The shape a path's callers parse: XRPC `{error, message}` under /xrpc/, admin JSON elsewhere. */
export function errorShapeForPath(path: string): ErrorShape {
  return path.startsWith("/xrpc/") ? "xrpc" : "admin";
}

/** JSON renders nothing, whatever the path: it gets the no-content CSP even where a page's was set. */
function serialize(error: AppError, shape: ErrorShape, headers: Headers): { json: string; headers: Record<string, string> } {
  const json = JSON.stringify(errorBody(error, shape));
  const type = { "content-type": "application/json", "content-length": String(Buffer.byteLength(json)), "x-content-type-options": "nosniff" };
  return { json, headers: { ...headers, ...errorHeaders(error), ...type, "content-security-policy": NO_CONTENT_CSP } };
}

/** For the custom server, which answers some requests before Next: the same bodies and headers as lib/http/error-response.ts. */
export function writeAppError(response: ServerResponse, error: AppError, shape: ErrorShape, headers: Headers = {}): void {
  const answer = serialize(error, shape, headers);
  response.writeHead(error.status, answer.headers);
  response.end(answer.json);
}

/** The same answer written as raw HTTP/1.1 on the socket of a refused upgrade; the connection closes. */
export function endSocketWithAppError(socket: Duplex, error: AppError, shape: ErrorShape): void {
  const answer = serialize(error, shape, { connection: "close" });
  const head = Object.entries(answer.headers).map(([name, value]) => `${name}: ${value}\r\n`);
  socket.on("error", () => socket.destroy()); // the client may already be gone
  socket.end(`HTTP/1.1 ${error.status} ${STATUS_CODES[error.status] ?? "Error"}\r\n${head.join("")}\r\n${answer.json}`);
}
