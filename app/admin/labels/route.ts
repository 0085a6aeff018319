import { adminRoute } from "@/lib/http/admin-route";
import { readJsonBody } from "@/lib/http/body";
import { activeLabelValues, groupByUri, urisBodySchema } from "@/lib/labels/lookup-labels";

/** `{labels: {uri: [val]}}`: every label in force on these subjects. */
export const POST = adminRoute("flags:review", async ({ request }) => {
  const { uris } = await readJsonBody(request, urisBodySchema);
  return Response.json(groupByUri(await activeLabelValues(uris)));
});
