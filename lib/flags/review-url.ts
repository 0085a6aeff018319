import { env } from "@/lib/env";
import { requestOrigin } from "@/lib/http/request-origin";

/** The review page as an absolute URL: PUBLIC_URL when set, else the origin the caller reached. */
export function absoluteUrl(path: string, headers: Headers): string | null {
  const base = env().PUBLIC_URL ?? requestOrigin(headers);
  return base ? new URL(path, base).href : null;
}
