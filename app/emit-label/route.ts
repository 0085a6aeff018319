import { adminRoute } from "@/lib/http/admin-route";
import { readJsonBody } from "@/lib/http/body";
import { emitLabel, emitLabelBodySchema } from "@/lib/labels/emit-label";
import { labelToJson } from "@/lib/labels/label-codec";

/** plyr.fm's emission endpoint, so its scanner works against Warden unchanged: `{seq, label}`. */
export const POST = adminRoute("labels:write", async ({ request, principal }) => {
  const label = await emitLabel(await readJsonBody(request, emitLabelBodySchema), principal.name);
  return Response.json({ seq: label.seq, label: labelToJson(label) });
});
