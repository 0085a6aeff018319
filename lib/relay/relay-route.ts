import { secretsEqual } from "@/lib/auth/authenticate";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { adminErrorResponse } from "@/lib/http/admin";
import { readJsonBody } from "@/lib/http/body";
import type { z } from "zod";

/**
 * Wraps a route the relay side calls (the strfry plugin, another relay): it must
 * carry `Authorization: Bearer RELAY_SECRET`, compared in constant time. Without a
 * configured secret these routes answer 503: they never run open.
 */
export function relayRoute(handler: (request: Request) => Promise<Response>) {
  return async (request: Request): Promise<Response> => {
    const requestId = request.headers.get("x-request-id") ?? undefined;
    try {
      authorizeRelay(request);
      return await handler(request);
    } catch (error) {
      return adminErrorResponse(error, requestId);
    }
  };
}

function authorizeRelay(request: Request): void {
  const secret = env().RELAY_SECRET;
  if (!secret) throw new AppError("unavailable", "The relay API is off: RELAY_SECRET is not set");
  const match = /^Bearer\s+(\S+)\s*$/i.exec(request.headers.get("authorization") ?? "");
  if (!match || !secretsEqual(match[1]!, secret)) throw new AppError("unauthorized", "A valid relay secret is required");
}

/** A JSON body that may be absent (an approval without a reason): absent reads as {}. */
export async function readOptionalJsonBody<S extends z.ZodType>(request: Request, schema: S): Promise<z.infer<S>> {
  if ((await request.clone().text()).trim() === "") return schema.parse({});
  return readJsonBody(request, schema);
}
