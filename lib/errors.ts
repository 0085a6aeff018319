/**
 * The one error type of Warden's domain. Transports map `code` to their own
 * protocol (lib/http/admin.ts for the admin JSON API, lib/http/xrpc.ts for XRPC).
 * `message` is always safe to show to the caller; internals never go in it.
 */
export const errorCodes = {
  invalid_request: { status: 400, xrpc: "InvalidRequest" },
  unauthorized: { status: 401, xrpc: "AuthRequired" },
  forbidden: { status: 403, xrpc: "Forbidden" },
  not_found: { status: 404, xrpc: "NotFound" },
  method_not_allowed: { status: 405, xrpc: "MethodNotAllowed" },
  conflict: { status: 409, xrpc: "Conflict" },
  payload_too_large: { status: 413, xrpc: "PayloadTooLarge" },
  unsupported_media_type: { status: 415, xrpc: "InvalidRequest" },
  unprocessable: { status: 422, xrpc: "InvalidRequest" },
  /** POST /admin/batches: none of the URIs given (or none at all) is a pending flag. */
  no_pending_flags: { status: 422, xrpc: "InvalidRequest" },
  rate_limited: { status: 429, xrpc: "RateLimitExceeded" },
  not_implemented: { status: 501, xrpc: "MethodNotImplemented" },
  unavailable: { status: 503, xrpc: "ServiceUnavailable" },
  internal: { status: 500, xrpc: "InternalServerError" },
} as const;

export type ErrorCode = keyof typeof errorCodes;

export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    /** Extra machine-readable detail for the caller (e.g. the conflicting ids). */
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = "AppError";
  }

  get status(): number {
    return errorCodes[this.code].status;
  }
}

export const isAppError = (error: unknown): error is AppError => error instanceof AppError;

/**
 * An AppError whose XRPC error name is more precise than its code's (BadJwtSignature,
 * AccountTakedown): clients such as the Bluesky app show their own text for these names.
 */
export class NamedXrpcError extends AppError {
  constructor(code: ErrorCode, readonly xrpcName: string, message: string, details?: Record<string, unknown>) {
    super(code, message, details);
  }
}

/** The XRPC error name an AppError is answered with. */
export const xrpcErrorName = (error: AppError): string => (error instanceof NamedXrpcError ? error.xrpcName : errorCodes[error.code].xrpc);
