import { absoluteUrl } from "@/lib/http/request-origin";
import { route } from "@/lib/http/route";
import { noCounts, runJson, runRequestSchema } from "@/lib/triage/run-request";
import { runTriage } from "@/lib/triage/run-triage";
import { triageDisabledReason } from "@/lib/triage/settings";

// Vercel's cron convention: `Authorization: Bearer $CRON_SECRET`, GET (POST for other schedulers).
export const maxDuration = 60;

const handle = route({ auth: "cron", query: runRequestSchema }, async ({ request, query }) => {
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
});

export const GET = handle;
export const POST = handle;
