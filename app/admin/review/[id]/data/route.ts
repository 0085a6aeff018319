import { adminRoute } from "@/lib/http/admin-route";
import { getBatchOrThrow, toReviewData } from "@/lib/flags/get-batch";

/** A batch's flags and progress (plyr.fm's `ReviewPageData`). */
export const GET = adminRoute<{ id: string }>("flags:review", async ({ params }) => {
  return Response.json(toReviewData(await getBatchOrThrow(params.id)));
});
