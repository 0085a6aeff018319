import type { IncomingMessage, ServerResponse } from "node:http";
import { isDatabaseReady } from "@/lib/db/readiness";
import { AppError, errorCodes } from "@/lib/errors";
import { errorShapeForPath, writeAppError } from "@/lib/http/node-response";
import { isPagePath } from "@/lib/http/security-headers";

/** What needs no database: health reports the migration itself, and assets are files. */
const WITHOUT_DATABASE = /^\/(?:api\/health$|_next\/|favicon\.ico$)/;
const RETRY_SECONDS = 3;
const UNAVAILABLE = errorCodes.unavailable;
const MESSAGE = "Warden is starting: its database is being migrated. Retry in a few seconds.";

/**
 * Until migrations are applied (the first start of an embedded database takes seconds),
 * answers 503 with Retry-After rather than let a page or API fail on a missing table.
 * A browser gets a page that reloads itself; callers get the error shape they parse.
 * Returns whether it answered.
 */
export function answerWhileStarting(request: IncomingMessage, response: ServerResponse): boolean {
  if (isDatabaseReady()) return false;
  const path = (request.url ?? "/").split("?")[0]!;
  if (WITHOUT_DATABASE.test(path)) return false;
  const page = isPagePath(path) && /\btext\/html\b/.test(request.headers.accept ?? "");
  const retry = { "retry-after": String(RETRY_SECONDS) };
  if (!page) {
    writeAppError(response, new AppError("unavailable", MESSAGE), errorShapeForPath(path), retry);
    return true;
  }
  const html = `<!doctype html><meta http-equiv="refresh" content="${RETRY_SECONDS}"><title>Warden is starting</title><p>${MESSAGE}</p>`;
  response.writeHead(UNAVAILABLE.status, { ...retry, "content-type": "text/html; charset=utf-8", "content-length": Buffer.byteLength(html) });
  response.end(html);
  return true;
}
