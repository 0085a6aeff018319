import { route } from "@/lib/http/route";
import { labelToJson } from "@/lib/labels/label-codec";
import { negateLabel, negateLabelBodySchema } from "@/lib/labels/negate-label";

/** Withdraws a label in force (the dashboard's Negate button): 404 if none, 409 if already negated or expired. */
export const POST = route({ auth: "labels:write", body: negateLabelBodySchema }, async ({ body, principal }) => {
  const negation = await negateLabel(body, principal!.name);
  return Response.json({ seq: negation.seq, label: labelToJson(negation) }, { status: 201 });
});
