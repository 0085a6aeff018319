import { adminRoute } from "@/lib/http/admin-route";
import { readJsonBody } from "@/lib/http/body";
import { activeLabelsByValue, groupByUri, valuesBodySchema } from "@/lib/labels/lookup-labels";

/** `{labels: {uri: [val]}}`: every subject carrying one of these values in force. */
export const POST = adminRoute("flags:review", async ({ request }) => {
  const { values } = await readJsonBody(request, valuesBodySchema);
  return Response.json(groupByUri(await activeLabelsByValue(values)));
});
