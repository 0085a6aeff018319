import { route } from "@/lib/http/route";
import { createLabels } from "@/lib/labels/create-labels";
import { labelToJson } from "@/lib/labels/label-codec";
import { createLabelsBodySchema } from "@/lib/labels/label-input";

/** Emits up to 1,000 labels in one transaction; answers them in input order with their seq. */
export const POST = route({ auth: "labels:write", body: createLabelsBodySchema, bodyLimit: 1024 * 1024 }, async ({ body, principal }) => {
  const stored = await createLabels(body.labels, principal!.name, body.reason);
  return Response.json({ labels: stored.map((label) => ({ seq: label.seq, label: labelToJson(label) })) }, { status: 201 });
});
