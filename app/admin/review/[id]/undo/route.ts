import { route } from "@/lib/http/route";
import { batchIdParams } from "@/lib/flags/get-batch";
import { undoDecisions, undoDecisionsBodySchema } from "@/lib/flags/undo-decisions";

/** Takes back this moderator's decisions on a batch (a clear's flag back in force), audited; per-item outcomes. */
export const POST = route(
  { auth: "flags:review", params: batchIdParams, body: undoDecisionsBodySchema, bodyLimit: 512 * 1024 },
  async ({ params, body, principal }) => Response.json(await undoDecisions(params.id, body, principal!.name)),
);
