import { AppError } from "@/lib/errors";
import { authenticateToken, tokenFromHeaders } from "./authenticate";
import { assertCan, type Action, type Principal } from "./permissions";
import { currentPrincipal } from "./session";

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * Who is calling an API route, checked against the permission table. A token in the
 * headers wins; otherwise the session cookie, and then a write must come from our
 * own origin (the cookie is SameSite=Lax, this closes the rest of CSRF).
 * Fails closed: 401 without valid credentials, 403 without the permission.
 */
export async function authorizeRequest(request: Request, action: Action): Promise<Principal> {
  const token = tokenFromHeaders(request.headers);
  let principal: Principal | null;
  if (token !== null) {
    principal = await authenticateToken(token);
  } else {
    principal = await currentPrincipal();
    if (principal && !SAFE_METHODS.has(request.method)) assertSameOrigin(request);
  }
  if (!principal) throw new AppError("unauthorized", "A valid token or session is required");
  assertCan(principal, action);
  return principal;
}

function assertSameOrigin(request: Request): void {
  const host = request.headers.get("x-forwarded-host") ?? request.headers.get("host");
  if (!host || originHost(request.headers.get("origin")) !== host) {
    throw new AppError("forbidden", "Cross-origin writes with a session cookie are refused");
  }
}

function originHost(origin: string | null): string | null {
  if (!origin) return null;
  try {
    return new URL(origin).host;
  } catch {
    return null;
  }
}
