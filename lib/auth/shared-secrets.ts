import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { secretsEqual } from "./authenticate";

/**
 * The relay side's and the cron's shared secrets, sent as `Authorization: Bearer`.
 * Unset, their routes answer 503: they never run open.
 */
export async function authorizeRelaySecret(request: Request): Promise<void> {
  checkSecret(request, env().RELAY_SECRET, "The relay API is off: RELAY_SECRET is not set", "A valid relay secret is required");
}

export async function authorizeCronSecret(request: Request): Promise<void> {
  checkSecret(request, env().CRON_SECRET, "CRON_SECRET is not configured; the triage cron route is closed", "Authorization must be Bearer CRON_SECRET");
}

function checkSecret(request: Request, secret: string | undefined, off: string, wrong: string): void {
  if (!secret) throw new AppError("unavailable", off);
  const presented = /^Bearer\s+(\S+)\s*$/i.exec(request.headers.get("authorization") ?? "")?.[1];
  if (presented === undefined || !secretsEqual(presented, secret)) throw new AppError("unauthorized", wrong);
}
