import { adminRoute } from "@/lib/http/admin-route";
import { readJsonBody } from "@/lib/http/body";
import { activeFlagUris, urisBodySchema } from "@/lib/labels/lookup-labels";

/** `{active_uris}`: which of these subjects carry a copyright-violation flag in force. */
export const POST = adminRoute("flags:review", async ({ request }) => {
  const { uris } = await readJsonBody(request, urisBodySchema);
  return Response.json({ active_uris: await activeFlagUris(uris) });
});
