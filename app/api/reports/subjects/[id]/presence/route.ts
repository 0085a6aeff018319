import { z } from "zod";
import { route } from "@/lib/http/route";
import { leaveSubject, markViewing, viewerName } from "@/lib/reports/presence";

const params = z.object({ id: z.coerce.number({ error: "must be a subject id" }).int("must be a subject id").positive("must be a subject id") });

/** The subject page's heartbeat: the moderator has it open for PRESENCE_TTL_MS more; answers the live view. Not audited: viewing changes nothing. */
export const POST = route({ auth: "reports:read", params, body: z.object({}).strict(), bodyOptional: true }, async ({ params, principal, request }) =>
  Response.json(await markViewing(params.id, viewerName(request, principal!))),
);

/** The page was closed: the presence goes at once. */
export const DELETE = route({ auth: "reports:read", params }, async ({ params, principal, request }) => {
  await leaveSubject(params.id, viewerName(request, principal!));
  return new Response(null, { status: 204 });
});
