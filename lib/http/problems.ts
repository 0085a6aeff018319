import { z } from "zod";
import { AppError } from "@/lib/errors";
import { Prisma } from "@/lib/db/generated/client";
import { logger } from "@/lib/log";

/** One line naming the field and what is wrong with it. */
export function describeZodError(error: z.ZodError, where = "body"): string {
  const issue = error.issues[0];
  if (!issue) return `invalid ${where}`;
  const path = issue.path.length ? issue.path.join(".") : where;
  return `${path}: ${issue.message}`;
}

/**
 * Turns anything thrown by a handler into an AppError whose message is safe to
 * return. Unknown errors are logged with the request id and become `internal`.
 */
export function toAppError(error: unknown, requestId?: string): AppError {
  if (error instanceof AppError) return error;
  if (error instanceof z.ZodError) return new AppError("invalid_request", describeZodError(error));
  if (error instanceof Prisma.PrismaClientKnownRequestError) {
    if (error.code === "P2025") return new AppError("not_found", "Not found");
    if (error.code === "P2002") return new AppError("conflict", "Already exists");
  }
  logger.error({ err: error, requestId }, "unhandled error");
  return new AppError("internal", requestId ? `Internal error (request ${requestId})` : "Internal error");
}
