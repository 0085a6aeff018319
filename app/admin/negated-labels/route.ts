import { adminRoute } from "@/lib/http/admin-route";
import { readJsonBody } from "@/lib/http/body";
import { negatedFlagUris, urisBodySchema } from "@/lib/labels/lookup-labels";

/** `{negated_uris}`: which of these subjects had their copyright-violation flag negated by a moderator. */
export const POST = adminRoute("flags:review", async ({ request }) => {
  const { uris } = await readJsonBody(request, urisBodySchema);
  return Response.json({ negated_uris: await negatedFlagUris(uris) });
});
