import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { clientAddress } from "@/lib/http/client-address";
import { requestOrigin } from "@/lib/http/request-origin";
import { authenticateToken, tokenFromHeaders } from "./authenticate";
import { throttledCheck } from "./credential-throttle";
import { assertCan, type Action, type Principal } from "./permissions";
import { currentPrincipal } from "./session";

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * Who is calling an API route, checked against the permission table. A token in the
 * headers wins (throttled like every credential: 429 after too many failures);
 * otherwise the session cookie, and then a write must come from our own origin (the
 * cookie is SameSite=Lax, this closes the rest of CSRF).
 * Fails closed: 401 without valid credentials, 403 without the permission.
 */
export async function authorizeRequest(request: Request, action: Action): Promise<Principal> {
  const token = tokenFromHeaders(request.headers);
  let principal: Principal | null;
  if (token !== null) {
    principal = await throttledCheck(clientAddress(request.headers), () => authenticateToken(token));
  } else {
    principal = await currentPrincipal();
    if (principal && !SAFE_METHODS.has(request.method)) assertSameOrigin(request);
  }
  if (!principal) throw new AppError("unauthorized", "A valid token or session is required");
  assertCan(principal, action);
  return principal;
}

/**
 * The Origin must be ours to the scheme, host and port: the origin the request
 * reached (as the custom server stamped it), or PUBLIC_URL's.
 */
function assertSameOrigin(request: Request): void {
  const origin = originOf(request.headers.get("origin"));
  const ours = [originOf(requestOrigin(request.headers)), originOf(env().PUBLIC_URL)];
  if (origin === null || !ours.includes(origin)) {
    throw new AppError("forbidden", "Cross-origin writes with a session cookie are refused");
  }
}

/** `scheme://host[:port]`, the default port left out, as browsers send Origin. */
function originOf(url: string | null | undefined): string | null {
  if (!url) return null;
  try {
    const { origin } = new URL(url);
    return origin === "null" ? null : origin;
  } catch {
    return null;
  }
}
