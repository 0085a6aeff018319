import { absoluteUrl } from "@/lib/flags/review-url";
import { adminRoute } from "@/lib/http/admin-route";
import { readJsonBody } from "@/lib/http/body";
import { runJson, runRequestSchema } from "@/lib/triage/run-request";
import { runTriage } from "@/lib/triage/run-triage";

/** "Run now" from the dashboard or a triage token; 503 while triage is disabled. */
export const POST = adminRoute("triage:run", async ({ request }) => {
  const body = await readJsonBody(request, runRequestSchema);
  const summary = await runTriage({
    trigger: "dashboard",
    dryRun: body.dry_run,
    only: body.only,
    limit: body.limit,
    baseUrl: absoluteUrl("/", request.headers),
  });
  return Response.json({ run: runJson(summary) });
});
