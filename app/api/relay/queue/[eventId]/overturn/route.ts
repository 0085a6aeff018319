import { z } from "zod";
import { route } from "@/lib/http/route";
import { overturnRejection } from "@/lib/relay/overturn-rejection";
import { decisionBodySchema, eventIdParam } from "@/lib/relay/schemas";

/** Approves a rejected event after all (the undo of a reject) and queues its delivery; 409 unless it is rejected. Body optional: {reason}. */
export const POST = route(
  { auth: "relay:decide", params: z.object({ eventId: eventIdParam }), body: decisionBodySchema, bodyOptional: true },
  async ({ params, body, principal }) => Response.json(await overturnRejection(params.eventId, principal!.name, body.reason)),
);
