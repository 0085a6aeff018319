import type { AppError } from "@/lib/errors";
import { xrpcErrorName } from "@/lib/errors";
import { toAppError } from "./problems";

/**
 * The error shapes Warden's clients parse:
 * - admin: `{ error: { code, message, details? } }` (dashboard, plyr.fm clients, relay plugin)
 * - xrpc: `{ error: "PascalCaseName", message }` (atproto xrpc spec)
 * - nip86: `{ result: null, error: message }` (NIP-86 JSON-RPC)
 */
export type ErrorShape = "admin" | "xrpc" | "nip86";

export function errorBody(appError: AppError, shape: ErrorShape): object {
  if (shape === "xrpc") return { error: xrpcErrorName(appError), message: appError.message };
  if (shape === "nip86") return { result: null, error: appError.message };
  return { error: { code: appError.code, message: appError.message, ...(appError.details && { details: appError.details }) } };
}

/** Retry-After and RateLimit-* (as the atproto PDS sends them) from an error's details. */
export function errorHeaders(appError: AppError): Record<string, string> {
  const headers: Record<string, string> = {};
  const details = appError.details ?? {};
  if (typeof details.retryAfterSeconds === "number") headers["retry-after"] = String(details.retryAfterSeconds);
  const rateLimit = details.rateLimit as { limit: number; remaining: number; resetAt: number; windowSeconds: number } | undefined;
  if (rateLimit) {
    headers["ratelimit-limit"] = String(rateLimit.limit);
    headers["ratelimit-remaining"] = String(rateLimit.remaining);
    headers["ratelimit-reset"] = String(Math.ceil(rateLimit.resetAt / 1000));
    headers["ratelimit-policy"] = `${rateLimit.limit};w=${rateLimit.windowSeconds}`;
  }
  return headers;
}

/** Anything thrown, as a Response in the caller's shape; unknown errors are logged and never leak. */
export function errorResponse(error: unknown, shape: ErrorShape = "admin", requestId?: string): Response {
  const appError = toAppError(error, requestId);
  return Response.json(errorBody(appError, shape), { status: appError.status, headers: errorHeaders(appError) });
}
