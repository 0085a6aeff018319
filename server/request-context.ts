import { randomUUID } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { TrustProxy } from "@/lib/env";
import { forwardedClient } from "@/lib/http/client-address";
import { errorShapeForPath, writeAppError } from "@/lib/http/node-response";
import { malformedPathError } from "@/lib/http/request-path";
import { logger } from "@/lib/log";
import { NIP86_ROUTE_PATH, PUBLIC_PATH_HEADER } from "@/lib/relay/nip86/public-url";

const REQUEST_ID = /^[\w.-]{1,128}$/;

/**
 * Stamps every request with an id (kept from the caller when well-formed), the
 * client address and the public host and protocol (from the socket, or from the
 * trusted proxies' headers, read from the right: lib/http/client-address.ts), and
 * logs one line when the response ends.
 * The query string is left out of the log: it is the caller's data.
 */
export function prepareRequest(request: IncomingMessage, response: ServerResponse, trustProxy: TrustProxy): void {
  const offered = request.headers["x-request-id"];
  const requestId = typeof offered === "string" && REQUEST_ID.test(offered) ? offered : randomUUID();
  request.headers["x-request-id"] = requestId;
  response.setHeader("x-request-id", requestId);

  const header = (name: string) => {
    const value = request.headers[name];
    return typeof value === "string" ? value : undefined;
  };
  const forwarded = forwardedClient(
    request.socket.remoteAddress,
    { forwardedFor: header("x-forwarded-for"), forwardedProto: header("x-forwarded-proto"), forwardedHost: header("x-forwarded-host") },
    trustProxy,
  );
  request.headers["x-warden-client-ip"] = forwarded.address;
  const encrypted = "encrypted" in request.socket && Boolean(request.socket.encrypted);
  request.headers["x-forwarded-proto"] = forwarded.proto ?? (encrypted ? "https" : "http");
  const host = forwarded.host ?? request.headers.host;
  if (host) request.headers["x-forwarded-host"] = host;
  else delete request.headers["x-forwarded-host"];
  delete request.headers[PUBLIC_PATH_HEADER];

  const started = performance.now();
  response.once("close", () => {
    const path = (request.url ?? "/").split("?")[0];
    if (path?.startsWith("/_next/static/")) return;
    logger.info(
      { requestId, method: request.method, path, status: response.statusCode, ms: Math.round(performance.now() - started) },
      "request",
    );
  });
}

/**
 * Answers to writes go out uncompressed: they are small acknowledgements (a label and its
 * seq, ids, a status), and Next gzips every streamed answer whatever its size, which took
 * an eighth of the server's CPU per label emitted one at a time (decision 019). Reads, where
 * the bytes are, keep their compression.
 */
export function skipCompressionOfWriteAnswers(request: IncomingMessage): void {
  if (request.method !== "GET" && request.method !== "HEAD") delete request.headers["accept-encoding"];
}

/**
 * Serves NIP-86 at NIP86_PATH as well (e.g. "/" when a proxy sends the relay's own
 * URL here): POST and its CORS preflight are rewritten to the route, and the path
 * the client used is kept for the NIP-98 `u` check. Call after prepareRequest.
 */
export function rewriteNip86Path(request: IncomingMessage, nip86Path: string): void {
  if (nip86Path === NIP86_ROUTE_PATH || (request.method !== "POST" && request.method !== "OPTIONS")) return;
  const url = request.url ?? "/";
  const queryAt = url.indexOf("?");
  if ((queryAt === -1 ? url : url.slice(0, queryAt)) !== nip86Path) return;
  request.headers[PUBLIC_PATH_HEADER] = url;
  request.url = NIP86_ROUTE_PATH + (queryAt === -1 ? "" : url.slice(queryAt));
}

/**
 * Answers 400 in the caller's error shape for a path that does not decode (or holds a
 * NUL), before Next's router fails on it with a plain-text 500. Returns whether it answered.
 */
export function answerMalformedPath(request: IncomingMessage, response: ServerResponse): boolean {
  const url = request.url ?? "/";
  const error = malformedPathError(url);
  if (error) writeAppError(response, error, errorShapeForPath(url));
  return Boolean(error);
}
