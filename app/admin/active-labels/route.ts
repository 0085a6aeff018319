import { route } from "@/lib/http/route";
import { activeFlagUris, LOOKUP_BODY_LIMIT, urisBodySchema } from "@/lib/labels/lookup-labels";

/** `{active_uris}`: which of these subjects carry a copyright-violation flag in force. */
export const POST = route({ auth: "flags:review", body: urisBodySchema, bodyLimit: LOOKUP_BODY_LIMIT }, async ({ body }) => {
  return Response.json({ active_uris: await activeFlagUris(body.uris) });
});
