import { toAppError } from "./problems";

/** Admin JSON API errors: `{ error: { code, message, details? } }`. */
export function adminErrorResponse(error: unknown, requestId?: string): Response {
  const appError = toAppError(error, requestId);
  const headers: Record<string, string> = {};
  const retryAfter = appError.details?.retryAfterSeconds;
  if (typeof retryAfter === "number") headers["retry-after"] = String(retryAfter);
  return Response.json(
    { error: { code: appError.code, message: appError.message, ...(appError.details && { details: appError.details }) } },
    { status: appError.status, headers },
  );
}
