import { absoluteUrl } from "@/lib/http/request-origin";
import { route } from "@/lib/http/route";
import { runJson, runRequestSchema } from "@/lib/triage/run-request";
import { runTriage } from "@/lib/triage/run-triage";

/** "Run now" from the dashboard or a triage token; 503 while triage is disabled. */
export const POST = route({ auth: "triage:run", body: runRequestSchema, bodyOptional: true }, async ({ request, body }) => {
  const summary = await runTriage({
    trigger: "dashboard",
    dryRun: body.dry_run,
    only: body.only,
    limit: body.limit,
    baseUrl: absoluteUrl("/", request.headers),
  });
  return Response.json({ run: runJson(summary) });
});
