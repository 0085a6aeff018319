import { route } from "@/lib/http/route";
import { activeLabelsByValue, groupByUri, valuesBodySchema } from "@/lib/labels/lookup-labels";

/** `{labels: {uri: [val]}}`: every subject carrying one of these values in force. */
export const POST = route({ auth: "flags:review", body: valuesBodySchema }, async ({ body }) => {
  return Response.json(groupByUri(await activeLabelsByValue(body.values)));
});
