import { z } from "zod";
import { route } from "@/lib/http/route";
import { decideEvent } from "@/lib/relay/decide-event";
import { decisionBodySchema, eventIdParam } from "@/lib/relay/schemas";

/** Approves a held event and queues its delivery to the relay; 409 when it was already decided. Body optional: {reason}. */
export const POST = route(
  { auth: "relay:decide", params: z.object({ eventId: eventIdParam }), body: decisionBodySchema, bodyOptional: true },
  async ({ params, body, principal }) => Response.json(await decideEvent(params.eventId, "approve", principal!.name, body.reason)),
);
