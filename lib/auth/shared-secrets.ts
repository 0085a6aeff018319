import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { clientAddress } from "@/lib/http/client-address";
import { secretsEqual } from "./authenticate";
import { throttledCheck } from "./credential-throttle";

/**
 * The relay side's and the cron's shared secrets, sent as `Authorization: Bearer`.
 * Unset, their routes answer 503: they never run open. Wrong, 401; a client with
 * too many failed credentials gets 429 before its secret is even compared.
 */
export async function authorizeRelaySecret(request: Request): Promise<void> {
  await checkSecret(request, env().RELAY_SECRET, "The relay API is off: RELAY_SECRET is not set", "A valid relay secret is required");
}

export async function authorizeCronSecret(request: Request): Promise<void> {
  await checkSecret(request, env().CRON_SECRET, "CRON_SECRET is not configured; the triage cron route is closed", "Authorization must be Bearer CRON_SECRET");
}

async function checkSecret(request: Request, secret: string | undefined, off: string, wrong: string): Promise<void> {
  if (!secret) throw new AppError("unavailable", off);
  const presented = /^Bearer\s+(\S+)\s*$/i.exec(request.headers.get("authorization") ?? "")?.[1];
  // No credential at all is not a guess: 401 without counting.
  if (presented === undefined) throw new AppError("unauthorized", wrong);
  const accepted = await throttledCheck(clientAddress(request.headers), () => secretsEqual(presented, secret) || null);
  if (!accepted) throw new AppError("unauthorized", wrong);
}
