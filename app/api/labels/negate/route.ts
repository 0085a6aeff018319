import { adminRoute } from "@/lib/http/admin-route";
import { readJsonBody } from "@/lib/http/body";
import { labelToJson } from "@/lib/labels/label-codec";
import { negateLabel, negateLabelBodySchema } from "@/lib/labels/negate-label";

/** Withdraws a label in force (the dashboard's Negate button): 404 if none, 409 if already negated or expired. */
export const POST = adminRoute("labels:write", async ({ request, principal }) => {
  const negation = await negateLabel(await readJsonBody(request, negateLabelBodySchema), principal.name);
  return Response.json({ seq: negation.seq, label: labelToJson(negation) }, { status: 201 });
});
