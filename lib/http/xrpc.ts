import { errorCodes } from "@/lib/errors";
import { toAppError } from "./problems";

/** XRPC errors: `{ error: "PascalCaseName", message }` (atproto xrpc spec). */
export function xrpcErrorResponse(error: unknown, requestId?: string): Response {
  const appError = toAppError(error, requestId);
  return Response.json(
    { error: errorCodes[appError.code].xrpc, message: appError.message },
    { status: appError.status },
  );
}
