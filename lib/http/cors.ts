/**
 * CORS for the public, credential-free routes only (XRPC queries, did.json, health):
 * any origin may read them, as the reference PDS and Ozone allow. Never for admin,
 * session or relay routes, whose callers are same-origin pages or servers.
 */
export const PUBLIC_CORS_HEADERS: Readonly<Record<string, string>> = {
  "access-control-allow-origin": "*",
  // Browsers hide other headers from scripts; a client backing off needs these.
  "access-control-expose-headers": "RateLimit-Limit, RateLimit-Remaining, RateLimit-Reset, RateLimit-Policy, Retry-After",
};

const HEADER_LIST = /^[A-Za-z0-9-]+(?:\s*,\s*[A-Za-z0-9-]+)*$/;

/** The answer to a preflight: the methods given, and the request headers asked for (atproto-accept-labelers and the like). */
export function corsPreflight(request: Request, methods: readonly string[]): Response {
  const asked = request.headers.get("access-control-request-headers") ?? "";
  return new Response(null, {
    status: 204,
    headers: {
      ...PUBLIC_CORS_HEADERS,
      "access-control-allow-methods": methods.join(", "),
      ...(HEADER_LIST.test(asked) && { "access-control-allow-headers": asked }),
      "access-control-max-age": "86400",
    },
  });
}

export function withPublicCors(response: Response): Response {
  for (const [name, value] of Object.entries(PUBLIC_CORS_HEADERS)) response.headers.set(name, value);
  return response;
}
