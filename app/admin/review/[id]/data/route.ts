import { route } from "@/lib/http/route";
import { batchIdParams, getBatchOrThrow, toReviewData } from "@/lib/flags/get-batch";

/** A batch's flags and progress (plyr.fm's `ReviewPageData`). */
export const GET = route({ auth: "flags:review", params: batchIdParams }, async ({ params }) => {
  return Response.json(toReviewData(await getBatchOrThrow(params.id)));
});
