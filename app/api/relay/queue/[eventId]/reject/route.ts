import { adminRoute } from "@/lib/http/admin-route";
import { decideEvent } from "@/lib/relay/decide-event";
import { readOptionalJsonBody } from "@/lib/relay/relay-route";
import { decisionBodySchema, eventIdParam } from "@/lib/relay/schemas";

/** Rejects a held event; 409 when it was already decided. Body optional: {reason}. */
export const POST = adminRoute<{ eventId: string }>("relay:decide", async ({ request, principal, params }) => {
  const id = eventIdParam.parse(params.eventId);
  const { reason } = await readOptionalJsonBody(request, decisionBodySchema);
  return Response.json(await decideEvent(id, "reject", principal.name, reason));
});
