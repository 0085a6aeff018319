import { readJsonBody } from "@/lib/http/body";
import { adminRoute } from "@/lib/http/admin-route";
import { decideEvents } from "@/lib/relay/decide-events";
import { bulkDecisionBodySchema } from "@/lib/relay/schemas";

/** Approves or rejects many events; each succeeds or fails on its own. */
export const POST = adminRoute("relay:decide", async ({ request, principal }) => {
  const { ids, decision, reason } = await readJsonBody(request, bulkDecisionBodySchema);
  return Response.json({ results: await decideEvents(ids, decision, principal.name, reason) });
});
