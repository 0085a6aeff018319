import { secretsEqual } from "@/lib/auth/authenticate";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { absoluteUrl } from "@/lib/flags/review-url";
import { adminErrorResponse } from "@/lib/http/admin";
import { readQuery } from "@/lib/http/body";
import { noCounts, runJson, runRequestSchema } from "@/lib/triage/run-request";
import { runTriage } from "@/lib/triage/run-triage";
import { triageDisabledReason } from "@/lib/triage/settings";

// Vercel's cron convention: `Authorization: Bearer $CRON_SECRET`, GET (POST for other schedulers).
export const maxDuration = 60;

async function handle(request: Request): Promise<Response> {
  const requestId = request.headers.get("x-request-id") ?? undefined;
  try {
    const secret = env().CRON_SECRET;
    // Without a secret the route stays shut rather than open to anyone.
    if (!secret) throw new AppError("unavailable", "CRON_SECRET is not configured; the triage cron route is closed");
    const presented = /^Bearer (.+)$/i.exec(request.headers.get("authorization") ?? "")?.[1] ?? "";
    if (!secretsEqual(presented, secret)) throw new AppError("unauthorized", "Authorization must be Bearer CRON_SECRET");

    const query = readQuery(request, runRequestSchema);
    const disabled = triageDisabledReason();
    if (disabled) return Response.json({ status: "disabled", reason: disabled, counts: noCounts() });
    const summary = await runTriage({
      trigger: "cron",
      dryRun: query.dry_run,
      only: query.only,
      limit: query.limit,
      baseUrl: absoluteUrl("/", request.headers),
    });
    return Response.json(runJson(summary));
  } catch (error) {
    return adminErrorResponse(error, requestId);
  }
}

export const GET = handle;
export const POST = handle;
