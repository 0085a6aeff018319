import { route } from "@/lib/http/route";
import { decideEvents } from "@/lib/relay/decide-events";
import { bulkDecisionBodySchema } from "@/lib/relay/schemas";

/** Approves or rejects many events; each succeeds or fails on its own. */
export const POST = route({ auth: "relay:decide", body: bulkDecisionBodySchema, bodyLimit: 256 * 1024 }, async ({ body, principal }) => {
  return Response.json({ results: await decideEvents(body.ids, body.decision, principal!.name, body.reason) });
});
