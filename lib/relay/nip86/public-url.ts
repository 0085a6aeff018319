import { requestOrigin } from "@/lib/http/request-origin";

/** The NIP-86 route's own path; NIP86_PATH, when different, is rewritten to it by the server. */
export const NIP86_ROUTE_PATH = "/api/relay/nip86";

/**
 * Set by the custom server (server/request-context.ts) to the path and query the
 * client used when it rewrote NIP86_PATH to the route; removed from every incoming
 * request first, so a client cannot choose it.
 */
export const PUBLIC_PATH_HEADER = "x-warden-public-path";

/**
 * The absolute URL the client called, which a NIP-98 `u` tag must equal: the origin
 * of PUBLIC_URL when set, else the protocol and host the server stamped
 * (x-forwarded-proto/-host: the socket's, or a trusted proxy's).
 */
export function publicRequestUrl(request: Request, publicUrl: string | undefined): string {
  const url = new URL(request.url);
  const path = request.headers.get(PUBLIC_PATH_HEADER) ?? `${url.pathname}${url.search}`;
  const origin = publicUrl ? new URL(publicUrl).origin : (requestOrigin(request.headers) ?? url.origin);
  return `${origin}${path}`;
}
