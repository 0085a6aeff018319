// A real HTTP server on a free port in front of route handlers, for services that call
// Warden over the network in a test (the reference PDS proxying createReport). Each
// request becomes the Web Request Next hands a route handler.
import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import type { RouteHandler } from "@/lib/http/route";

export type RouteServer = { port: number; requests: { method: string; path: string; status: number }[]; close(): Promise<void> };

async function readAll(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** Serves `routes` by exact path and method; anything else is a 404. */
export async function startRouteServer(routes: Record<string, Partial<Record<string, RouteHandler>>>): Promise<RouteServer> {
  const requests: RouteServer["requests"] = [];
  const server = createServer(async (incoming, outgoing) => {
    const url = new URL(incoming.url ?? "/", `http://${incoming.headers.host ?? "localhost"}`);
    const handler = routes[url.pathname]?.[incoming.method ?? "GET"];
    const body = incoming.method === "GET" || incoming.method === "HEAD" ? undefined : new Uint8Array(await readAll(incoming));
    const headers = new Headers(Object.entries(incoming.headers).flatMap(([name, value]) => (value === undefined ? [] : [[name, String(value)] as [string, string]])));
    const response = handler
      ? await handler(new Request(url, { method: incoming.method, headers, body }), { params: Promise.resolve({}) })
      : Response.json({ error: "NotFound" }, { status: 404 });
    requests.push({ method: incoming.method ?? "", path: url.pathname, status: response.status });
    outgoing.writeHead(response.status, Object.fromEntries(response.headers));
    outgoing.end(Buffer.from(await response.arrayBuffer()));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    port: (server.address() as AddressInfo).port,
    requests,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
