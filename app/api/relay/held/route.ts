import { route } from "@/lib/http/route";
import { env } from "@/lib/env";
import { decidePolicies } from "@/lib/relay/decide-policy";
import { reply, type PluginInput, type PluginOutput } from "@/lib/relay/policy/plugin-io";
import { heldBodySchema } from "@/lib/relay/schemas";
import { parseStorableRequest } from "@/lib/relay/storable-request";

/** The plugin sends up to 500 events a batch, each at most RELAY_MAX_EVENT_BYTES. */
const heldBodyLimit = () => 500 * (env().RELAY_MAX_EVENT_BYTES + 1024);

/**
 * The plugin's batch of events it decided to hold: each is decided again on current
 * state and stored before this answers, so the plugin replies to strfry only once
 * the event is durable. Answers `{results}` in request order (an item without an id
 * gets id "").
 */
export const POST = route(
  { auth: "relay", body: heldBodySchema, bodyLimit: heldBodyLimit, itemsCheckedByHandler: true },
  async ({ body }) => {
    const results: PluginOutput[] = new Array(body.items.length);
    const valid: { index: number; input: PluginInput }[] = [];
    body.items.forEach((item, index) => {
      const parsed = parseStorableRequest(item);
      if (parsed.ok) valid.push({ index, input: parsed.input });
      else results[index] = reply(parsed.id ?? "", "reject", parsed.msg);
    });
    const decided = await decidePolicies(valid.map(({ input }) => input), { verifySignatures: false });
    valid.forEach(({ index }, k) => (results[index] = decided[k]!));
    return Response.json({ results });
  },
);
