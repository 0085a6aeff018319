import { randomBytes } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";

export type SecurityHeaderOptions = {
  /** `next dev` evaluates code with eval() and injects styles without a nonce. */
  dev: boolean;
  /** PUBLIC_URL is https: browsers are told to keep to https (HSTS). */
  https: boolean;
};

/**
 * Paths answered by route handlers (app/**\/route.ts; the catch-all routes make these
 * prefixes exact) or by static files, never by a page. test/http/security-headers.test.ts
 * checks this against the app directory.
 */
const NOT_A_PAGE = /^\/(?:(?:api|admin|internal|xrpc|\.well-known|_next)(?:\/|$)|(?:emit-label|sensitive-images|health)$)/;

export function isPagePath(path: string): boolean {
  return !NOT_A_PAGE.test(path);
}

/** JSON, redirects and files render nothing, so they may load and be framed by nothing (as the atproto PDS does). */
export const NO_CONTENT_CSP = "default-src 'none'; frame-ancestors 'none'";

/**
 * The pages' policy. Next 16 reads the nonce from the request's CSP header and puts it on
 * its scripts; 'strict-dynamic' trusts the chunks those load. Styles: Next gives the
 * nonce to its <link>/<style> elements, but a nonce cannot allow a style *attribute*,
 * and the progress bars and the triage chart set their sizes in style="…" from server
 * HTML; so attributes get 'unsafe-inline' on their own directive (they cannot use
 * selectors, so they cannot read the page) while <style> elements still need the nonce.
 */
export function pageCsp(nonce: string, { dev, https }: SecurityHeaderOptions): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ""}`,
    dev ? "style-src 'self' 'unsafe-inline'" : `style-src 'self' 'nonce-${nonce}'`,
    "style-src-attr 'unsafe-inline'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    ...(https ? ["upgrade-insecure-requests"] : []),
  ].join("; ");
}

/** Sent with every response: no framing (click-jacking), no sniffing, no leaking paths, no powerful features. */
export function commonSecurityHeaders({ https }: SecurityHeaderOptions): Record<string, string> {
  return {
    "x-content-type-options": "nosniff",
    "x-frame-options": "DENY", // for browsers older than frame-ancestors
    "referrer-policy": "same-origin",
    "permissions-policy": "camera=(), microphone=(), geolocation=(), payment=(), usb=(), display-capture=()",
    "cross-origin-opener-policy": "same-origin",
    ...(https && { "strict-transport-security": "max-age=63072000" }),
  };
}

/**
 * Sets the security headers on a response before anything else writes it. A page gets
 * a fresh nonce, set on the request's CSP header too, where Next reads it while
 * rendering; whatever CSP the client sent is dropped first, so it never picks the nonce.
 */
export function applySecurityHeaders(request: IncomingMessage, response: ServerResponse, options: SecurityHeaderOptions): void {
  for (const [name, value] of Object.entries(commonSecurityHeaders(options))) response.setHeader(name, value);
  delete request.headers["content-security-policy"];
  delete request.headers["content-security-policy-report-only"];
  const path = (request.url ?? "/").split("?")[0]!;
  if (!isPagePath(path)) return void response.setHeader("content-security-policy", NO_CONTENT_CSP);
  const csp = pageCsp(randomBytes(16).toString("base64"), options);
  request.headers["content-security-policy"] = csp;
  response.setHeader("content-security-policy", csp);
}
