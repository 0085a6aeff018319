import type { IncomingMessage, ServerResponse } from "node:http";
import { Readable } from "node:stream";
import { POST as createLabels } from "@/app/api/labels/route";
import { POST as heldEvents } from "@/app/api/relay/held/route";
import { POST as relayPolicy } from "@/app/api/relay/policy/route";
import { POST as emitLabel } from "@/app/emit-label/route";
import { writeAppError } from "@/lib/http/node-response";
import { toAppError } from "@/lib/http/problems";
import type { RouteHandler } from "@/lib/http/route";

/**
 * The write APIs that services call at volume (label emission, the relay plugin's held
 * events and policy calls), answered by the custom server itself when the caller brings
 * a credential in a header (a token, or the relay's secret): Next's router took more of
 * the server's CPU per label than signing and storing it (decision 033). The handlers are
 * the very route handlers Next serves, so authorization, limits, validation and error
 * shapes are the same. A request without one (a browser's session cookie, which
 * next-auth reads) goes on to Next.
 */
const ROUTES = new Map<string, RouteHandler>([
  ["/emit-label", emitLabel],
  ["/api/labels", createLabels],
  ["/api/relay/held", heldEvents],
  ["/api/relay/policy", relayPolicy],
]);

export function credentialRoute(request: IncomingMessage): RouteHandler | undefined {
  if (request.method !== "POST") return undefined;
  const { authorization } = request.headers;
  if (!request.headers["x-moderation-key"] && !/^bearer\s/i.test(authorization ?? "")) return undefined;
  return ROUTES.get((request.url ?? "/").split("?")[0]!);
}

/** Runs a route handler on a Node request: the request as a web Request, the Response written back. */
export async function serveCredentialRoute(handler: RouteHandler, request: IncomingMessage, response: ServerResponse): Promise<void> {
  try {
    const headers = new Headers();
    for (const [name, value] of Object.entries(request.headers)) {
      if (Array.isArray(value)) for (const each of value) headers.append(name, each);
      else if (value !== undefined) headers.set(name, value);
    }
    const body = Readable.toWeb(request) as ReadableStream<Uint8Array>;
    const answer = await handler(new Request(new URL(request.url ?? "/", "http://localhost"), { method: request.method, headers, body, duplex: "half" } as RequestInit));
    const bytes = Buffer.from(await answer.arrayBuffer());
    response.writeHead(answer.status, { ...Object.fromEntries(answer.headers), "content-length": bytes.length });
    response.end(bytes);
  } catch (error) {
    // The handler answers its own failures: this is a request that could not be built, or a broken connection.
    if (response.headersSent) return void response.destroy();
    const requestId = request.headers["x-request-id"];
    writeAppError(response, toAppError(error, typeof requestId === "string" ? requestId : undefined), "admin");
  }
}
