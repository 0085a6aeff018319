import { route } from "@/lib/http/route";
import { activeLabelValues, groupByUri, LOOKUP_BODY_LIMIT, urisBodySchema } from "@/lib/labels/lookup-labels";

/** `{labels: {uri: [val]}}`: every label in force on these subjects. */
export const POST = route({ auth: "flags:review", body: urisBodySchema, bodyLimit: LOOKUP_BODY_LIMIT }, async ({ body }) => {
  return Response.json(groupByUri(await activeLabelValues(body.uris)));
});
