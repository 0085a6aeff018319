import { adminRoute } from "@/lib/http/admin-route";
import { readJsonBody } from "@/lib/http/body";
import { createLabels } from "@/lib/labels/create-labels";
import { labelToJson } from "@/lib/labels/label-codec";
import { createLabelsBodySchema } from "@/lib/labels/label-input";

/** Emits up to 1,000 labels in one transaction; answers them in input order with their seq. */
export const POST = adminRoute("labels:write", async ({ request, principal }) => {
  const { labels, reason } = await readJsonBody(request, createLabelsBodySchema);
  const stored = await createLabels(labels, principal.name, reason);
  return Response.json({ labels: stored.map((label) => ({ seq: label.seq, label: labelToJson(label) })) }, { status: 201 });
});
