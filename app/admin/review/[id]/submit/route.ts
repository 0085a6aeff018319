import { adminRoute } from "@/lib/http/admin-route";
import { readJsonBody } from "@/lib/http/body";
import { submitDecisions, submitDecisionsBodySchema } from "@/lib/flags/submit-decisions";

/** Decisions on a batch's items; conflicts come back per item, a resend changes nothing. */
export const POST = adminRoute<{ id: string }>("flags:review", async ({ request, params, principal }) => {
  const body = await readJsonBody(request, submitDecisionsBodySchema);
  return Response.json(await submitDecisions(params.id, body, principal.name));
});
