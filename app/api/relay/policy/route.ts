import { z } from "zod";
import { AppError } from "@/lib/errors";
import { env } from "@/lib/env";
import { route } from "@/lib/http/route";
import { decidePolicies } from "@/lib/relay/decide-policy";
import { reply } from "@/lib/relay/policy/plugin-io";
import { parseStorableRequest } from "@/lib/relay/storable-request";

/**
 * The write policy over HTTP, for relays other than strfry: the body is one strfry
 * plugin request, the answer its `{id, action, msg}`. A request that names an event
 * id is always answered in that form (reject when malformed); otherwise 400.
 */
export const POST = route(
  { auth: "relay", body: z.unknown(), bodyLimit: () => env().RELAY_MAX_EVENT_BYTES + 1024, itemsCheckedByHandler: true },
  async ({ body }) => {
    const parsed = parseStorableRequest(body);
    if (!parsed.ok) {
      if (parsed.id === null) throw new AppError("invalid_request", parsed.msg);
      return Response.json(reply(parsed.id, "reject", parsed.msg));
    }
    const [output] = await decidePolicies([parsed.input], { verifySignatures: true });
    return Response.json(output);
  },
);
