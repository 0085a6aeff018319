import { route } from "@/lib/http/route";
import { emitLabel, emitLabelBodySchema } from "@/lib/labels/emit-label";
import { labelToJson } from "@/lib/labels/label-codec";

/** plyr.fm's emission endpoint, so its scanner works against Warden unchanged: `{seq, label}`. */
export const POST = route({ auth: "labels:write", body: emitLabelBodySchema }, async ({ body, principal }) => {
  const label = await emitLabel(body, principal!.name);
  return Response.json({ seq: label.seq, label: labelToJson(label) });
});
