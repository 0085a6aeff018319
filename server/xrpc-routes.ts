import type { IncomingMessage, ServerResponse } from "node:http";
import { PUBLIC_CORS_HEADERS } from "@/lib/http/cors";
import { writeAppError } from "@/lib/http/node-response";
import { toAppError } from "@/lib/http/problems";
import { parseQueryLabelsQuery, queryLabelsJson } from "@/lib/labels/query-labels";

/** Answers with the JSON bytes of the response body. */
type Route = (query: URLSearchParams) => Promise<Buffer>;

/**
 * XRPC queries that the custom server answers itself, before Next's router, which alone
 * costs more than the query (decision 007). Their Next routes (app/xrpc/) give the same
 * answers where there is no custom server, and handle the other HTTP methods.
 */
const ROUTES = new Map<string, Route>([["/xrpc/com.atproto.label.queryLabels", (query) => queryLabelsJson(parseQueryLabelsQuery(query))]]);

export function xrpcRoute(request: IncomingMessage): Route | undefined {
  if (request.method !== "GET") return undefined;
  return ROUTES.get((request.url ?? "/").split("?")[0]!);
}

export async function serveXrpcRoute(route: Route, request: IncomingMessage, response: ServerResponse): Promise<void> {
  let json: Buffer;
  try {
    json = await route(new URL(request.url ?? "/", "http://localhost").searchParams);
  } catch (error) {
    const requestId = request.headers["x-request-id"];
    return writeAppError(response, toAppError(error, typeof requestId === "string" ? requestId : undefined), "xrpc", PUBLIC_CORS_HEADERS);
  }
  response.writeHead(200, { ...PUBLIC_CORS_HEADERS, "content-type": "application/json", "content-length": json.length });
  response.end(json);
}
