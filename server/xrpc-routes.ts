import type { IncomingMessage, ServerResponse } from "node:http";
import { errorCodes } from "@/lib/errors";
import { toAppError } from "@/lib/http/problems";
import { parseQueryLabelsQuery, queryLabels } from "@/lib/labels/query-labels";

type Route = (query: URLSearchParams) => Promise<unknown>;

/**
 * XRPC queries that the custom server answers itself, before Next's router, which alone
 * costs more than the query (decision 007). Their Next routes (app/xrpc/) give the same
 * answers where there is no custom server, and handle the other HTTP methods.
 */
const ROUTES = new Map<string, Route>([["/xrpc/com.atproto.label.queryLabels", (query) => queryLabels(parseQueryLabelsQuery(query))]]);

export function xrpcRoute(request: IncomingMessage): Route | undefined {
  if (request.method !== "GET") return undefined;
  return ROUTES.get((request.url ?? "/").split("?")[0]!);
}

export async function serveXrpcRoute(route: Route, request: IncomingMessage, response: ServerResponse): Promise<void> {
  let status = 200;
  let body: unknown;
  try {
    body = await route(new URL(request.url ?? "/", "http://localhost").searchParams);
  } catch (error) {
    const requestId = request.headers["x-request-id"];
    const problem = toAppError(error, typeof requestId === "string" ? requestId : undefined);
    status = problem.status;
    body = { error: errorCodes[problem.code].xrpc, message: problem.message };
  }
  const json = JSON.stringify(body);
  response.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(json) });
  response.end(json);
}
