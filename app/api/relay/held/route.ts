import { route } from "@/lib/http/route";
import { env } from "@/lib/env";
import { decideHeldItems } from "@/lib/relay/decide-policy";
import { heldBodySchema } from "@/lib/relay/schemas";

/** The plugin sends up to 500 events a batch, each at most RELAY_MAX_EVENT_BYTES. */
const heldBodyLimit = () => 500 * (env().RELAY_MAX_EVENT_BYTES + 1024);

/** The plugin's batch of held events: `{results}` in request order, each stored before this answers. */
export const POST = route(
  { auth: "relay", body: heldBodySchema, bodyLimit: heldBodyLimit, itemsCheckedByHandler: true },
  async ({ body }) => Response.json({ results: await decideHeldItems(body.items) }),
);
