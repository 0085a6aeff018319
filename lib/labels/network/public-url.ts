import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";

const LOOPBACK_HOSTS = new Set(["localhost", "127.0.0.1", "[::1]"]);

export type LabelerEndpoint = { endpoint: string; warning?: string };

/**
 * PUBLIC_URL's origin as the #atproto_labeler endpoint. Apps reach labelers over TLS
 * only, so http is refused, except on a loopback host (tests, a local dev network),
 * where it is accepted with a warning. Refused as a conflict (409): the request is fine,
 * the server's configuration is not.
 */
export function labelerEndpointOrThrow(): LabelerEndpoint {
  const { PUBLIC_URL } = env();
  if (!PUBLIC_URL) throw new AppError("conflict", "PUBLIC_URL is not set: set it to Warden's public https:// address, e.g. https://labeler.example.com");
  const url = new URL(PUBLIC_URL);
  if (url.protocol === "https:") return { endpoint: url.origin };
  if (url.protocol === "http:" && LOOPBACK_HOSTS.has(url.hostname)) {
    return { endpoint: url.origin, warning: `PUBLIC_URL ${url.origin} is plain http on a loopback host: fine for tests, unreachable for Bluesky apps` };
  }
  throw new AppError("conflict", `PUBLIC_URL ${url.origin} is not https: Bluesky apps only reach labelers over TLS; put Warden behind a TLS proxy and set PUBLIC_URL to its https:// address`);
}
