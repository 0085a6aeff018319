/**
 * A database failure described in one line (what failed, where, why) so callers can log
 * `error.message` without a stack trace. The original error stays in `cause`.
 */
export class DatabaseError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = "DatabaseError";
  }
}

/**
 * The useful part of a driver, Prisma or schema-engine error message: engine errors carry
 * a Rust backtrace ("   0: schema_engine…") and Prisma errors a multi-line preamble.
 */
export function reasonOf(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const withoutBacktrace = message.split(/\n\s+0: /)[0]!;
  const lines = withoutBacktrace.split("\n").map((line) => line.trim()).filter(Boolean);
  return lines.at(-1) ?? (error instanceof Error ? error.name : "unknown error");
}
