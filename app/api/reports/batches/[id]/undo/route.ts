import { route } from "@/lib/http/route";
import { batchIdParams } from "@/lib/flags/get-batch";
import { undoDecisionsBodySchema } from "@/lib/flags/undo-decisions";
import { undoSubjectDecisions } from "@/lib/reports/undo-subject-decisions";

/** Takes back this moderator's decisions on a report batch (each subject back where it was), audited; per-item outcomes. */
export const POST = route(
  { auth: "reports:review", params: batchIdParams, body: undoDecisionsBodySchema, bodyLimit: 256 * 1024 },
  async ({ params, body, principal }) => Response.json(await undoSubjectDecisions(params.id, body, principal!.name)),
);
