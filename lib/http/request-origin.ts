import { env } from "@/lib/env";

const HOST = /^(?:[a-z0-9.-]+|\[[0-9a-f:.]+\])(?::\d{1,5})?$/i;

/**
 * The origin a client reached us at: the custom server sets x-forwarded-proto and
 * x-forwarded-host from the socket (or from the proxy when TRUST_PROXY). Undefined
 * for a malformed host, so nothing odd is ever echoed back.
 */
export function requestOrigin(headers: Headers): string | undefined {
  const host = headers.get("x-forwarded-host") ?? headers.get("host");
  if (!host || !HOST.test(host)) return undefined;
  return `${headers.get("x-forwarded-proto") === "https" ? "https" : "http"}://${host.toLowerCase()}`;
}

/** `path` as an absolute URL for links sent elsewhere (DMs, API answers): PUBLIC_URL when set, else the origin the caller reached. */
export function absoluteUrl(path: string, headers: Headers): string | null {
  const base = env().PUBLIC_URL ?? requestOrigin(headers);
  return base ? new URL(path, base).href : null;
}
