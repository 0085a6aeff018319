import { adminRoute } from "@/lib/http/admin-route";
import { readJsonBody } from "@/lib/http/body";
import { createBatch, createBatchBodySchema } from "@/lib/flags/create-batch";
import { absoluteUrl } from "@/lib/flags/review-url";

/**
 * `{id, url, flag_count}` as plyr.fm answers, `url` being the review page's path (its
 * scripts prefix the service's base URL); `review_url` is the same page, absolute.
 */
export const POST = adminRoute("flags:review", async ({ request, principal }) => {
  const batch = await createBatch(await readJsonBody(request, createBatchBodySchema), principal.name);
  return Response.json({ ...batch, review_url: absoluteUrl(batch.url, request.headers) });
});
