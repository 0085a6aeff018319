import { z } from "zod";
import { AppError } from "@/lib/errors";
import { readJsonBody } from "@/lib/http/body";
import { decidePolicies } from "@/lib/relay/decide-policy";
import { parsePluginRequest, reply } from "@/lib/relay/policy/plugin-io";
import { relayRoute } from "@/lib/relay/relay-route";

/**
 * The write policy over HTTP, for relays other than strfry: the body is one strfry
 * plugin request, the answer its `{id, action, msg}`. A request that names an event
 * id is always answered in that form (reject when malformed); otherwise 400.
 */
export const POST = relayRoute(async (request) => {
  const parsed = parsePluginRequest(await readJsonBody(request, z.unknown()));
  if (!parsed.ok) {
    if (parsed.id === null) throw new AppError("invalid_request", parsed.msg);
    return Response.json(reply(parsed.id, "reject", parsed.msg));
  }
  const [output] = await decidePolicies([parsed.input], { verifySignatures: true });
  return Response.json(output);
});
