import { route } from "@/lib/http/route";
import { absoluteUrl } from "@/lib/http/request-origin";
import { createSubjectBatch, createSubjectBatchBodySchema } from "@/lib/reports/create-subject-batch";

/**
 * A review batch of report subjects (decision 035): `{ids?, name?, act}`, act being
 * `{action: "resolve" | "escalate"}` or `{action: "label", val}`. Answers `{id, url,
 * review_url, subject_count, act, skipped}`; 422 when nothing can be batched.
 */
export const POST = route({ auth: "reports:review", body: createSubjectBatchBodySchema }, async ({ request, body, principal }) => {
  const batch = await createSubjectBatch(body, principal!.name);
  return Response.json({ ...batch, review_url: absoluteUrl(batch.url, request.headers) });
});
