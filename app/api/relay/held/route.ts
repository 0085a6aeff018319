import { readJsonBody } from "@/lib/http/body";
import { decidePolicies } from "@/lib/relay/decide-policy";
import { parsePluginRequest, reply, type PluginInput, type PluginOutput } from "@/lib/relay/policy/plugin-io";
import { relayRoute } from "@/lib/relay/relay-route";
import { heldBodySchema } from "@/lib/relay/schemas";

/**
 * The plugin's batch of events it decided to hold: each is decided again on current
 * state and stored before this answers, so the plugin replies to strfry only once
 * the event is durable. Answers `{results}` in request order (an item without an id
 * gets id "").
 */
export const POST = relayRoute(async (request) => {
  const { items } = await readJsonBody(request, heldBodySchema);
  const results: PluginOutput[] = new Array(items.length);
  const valid: { index: number; input: PluginInput }[] = [];
  items.forEach((item, index) => {
    const parsed = parsePluginRequest(item);
    if (parsed.ok) valid.push({ index, input: parsed.input });
    else results[index] = reply(parsed.id ?? "", "reject", parsed.msg);
  });
  const decided = await decidePolicies(valid.map(({ input }) => input), { verifySignatures: false });
  valid.forEach(({ index }, k) => (results[index] = decided[k]!));
  return Response.json({ results });
});
