import { route } from "@/lib/http/route";
import { batchIdParams } from "@/lib/flags/get-batch";
import { submitDecisions, submitDecisionsBodySchema } from "@/lib/flags/submit-decisions";

/** Decisions on a batch's items; conflicts come back per item, a resend changes nothing. */
export const POST = route(
  { auth: "flags:review", params: batchIdParams, body: submitDecisionsBodySchema, bodyLimit: 512 * 1024 },
  async ({ params, body, principal }) => Response.json(await submitDecisions(params.id, body, principal!.name)),
);
