import { route } from "@/lib/http/route";
import { createBatch, createBatchBodySchema } from "@/lib/flags/create-batch";
import { absoluteUrl } from "@/lib/http/request-origin";

/**
 * `{id, url, flag_count}` as plyr.fm answers, `url` being the review page's path (its
 * scripts prefix the service's base URL); `review_url` is the same page, absolute;
 * `skipped` lists the URIs given that are not pending flags, with why.
 */
export const POST = route({ auth: "flags:review", body: createBatchBodySchema, bodyLimit: 2 * 1024 * 1024 }, async ({ request, body, principal }) => {
  const batch = await createBatch(body, principal!.name);
  return Response.json({ ...batch, review_url: absoluteUrl(batch.url, request.headers) });
});
