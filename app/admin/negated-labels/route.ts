import { route } from "@/lib/http/route";
import { negatedFlagUris, LOOKUP_BODY_LIMIT, urisBodySchema } from "@/lib/labels/lookup-labels";

/** `{negated_uris}`: which of these subjects had their copyright-violation flag negated by a moderator. */
export const POST = route({ auth: "flags:review", body: urisBodySchema, bodyLimit: LOOKUP_BODY_LIMIT }, async ({ body }) => {
  return Response.json({ negated_uris: await negatedFlagUris(body.uris) });
});
