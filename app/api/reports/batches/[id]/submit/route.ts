import { route } from "@/lib/http/route";
import { batchIdParams } from "@/lib/flags/get-batch";
import { submitDecisionsBodySchema } from "@/lib/flags/submit-decisions";
import { decideSubjects } from "@/lib/reports/decide-subjects";

/** Decisions on a report batch (clear = dismiss, defer, confirm = the batch's act), as the flag review's submit. */
export const POST = route(
  { auth: "reports:review", params: batchIdParams, body: submitDecisionsBodySchema, bodyLimit: 256 * 1024 },
  async ({ params, body, principal }) => Response.json(await decideSubjects(params.id, body, principal!.name)),
);
