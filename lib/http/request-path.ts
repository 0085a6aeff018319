import { AppError } from "@/lib/errors";

/**
 * A path Next cannot decode: a malformed percent-escape (`%ff`, `%E0%A4%A`, `%ZZ`, an
 * encoded lone surrogate) makes Next's router throw, which it answers with a plain-text
 * 500; an encoded NUL decodes but PostgreSQL cannot store it. Returns the 400 to send,
 * or undefined for a path that is fine. In the query only a NUL is refused.
 */
export function malformedPathError(url: string): AppError | undefined {
  const end = url.search(/[?#]/);
  const path = end === -1 ? url : url.slice(0, end);
  // A query decodes leniently (a bad escape becomes U+FFFD), but a NUL would still reach
  // a page's database query; route handlers check theirs too, naming the parameter.
  if (end !== -1 && /%00/.test(url.slice(end))) return new AppError("invalid_request", "The query contains a NUL character (%00)");
  for (const segment of path.split("/")) {
    if (!segment.includes("%")) continue;
    let decoded: string;
    try {
      decoded = decodeURIComponent(segment);
    } catch {
      return new AppError("invalid_request", "The path has a malformed percent-escape");
    }
    if (decoded.includes("\0")) return new AppError("invalid_request", "The path contains a NUL character (%00)");
  }
  return undefined;
}
