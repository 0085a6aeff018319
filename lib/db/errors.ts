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

// Lines that only say which layer failed, not why.
const NOISE = [/^Invalid `.*` invocation:?$/, /^external connector error$/];

/**
 * The reason inside a driver, Prisma or schema-engine error, on one line: without the
 * engine's Rust backtrace ("   0: schema_engine…") or Prisma's invocation preamble.
 */
export function reasonOf(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const lines = message
    .split(/\n\s+0: /)[0]!
    .split("\n")
    .map((line) => line.trim())
    .filter((line) => line && !NOISE.some((noise) => noise.test(line)))
    .map((line) => /^Raw query failed\. Code: `.*`\. Message: `(.*)`$/.exec(line)?.[1] ?? line);
  return lines.join(" ") || (error instanceof Error ? error.name : "unknown error");
}
