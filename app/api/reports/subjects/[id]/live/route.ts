import { z } from "zod";
import { AppError } from "@/lib/errors";
import { route } from "@/lib/http/route";
import { subjectLiveStream } from "@/lib/reports/live-stream";
import { subjectLive, viewerName } from "@/lib/reports/presence";

const params = z.object({ id: z.coerce.number({ error: "must be a subject id" }).int("must be a subject id").positive("must be a subject id") });

/** Server-sent events: the subject's viewers, claim and state, pushed as they change (decision 032). */
export const GET = route({ auth: "reports:read", params }, async ({ params, principal, request }) => {
  viewerName(request, principal!);
  const first = await subjectLive(params.id);
  if (!first) throw new AppError("not_found", `No report subject ${params.id}`);
  return new Response(subjectLiveStream(params.id, first, request.signal), {
    // no-transform: the compression Next applies to streamed reads would hold events back.
    headers: { "content-type": "text/event-stream; charset=utf-8", "cache-control": "no-cache, no-transform", "x-accel-buffering": "no" },
  });
});
