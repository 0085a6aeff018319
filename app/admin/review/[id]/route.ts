import { route } from "@/lib/http/route";
import { reviewPath } from "@/lib/flags/flag-definition";
import { batchIdParams } from "@/lib/flags/get-batch";

/** plyr.fm's review page lived here; links sent before the move land on /review/{id}. */
export const GET = route({ auth: "public", params: batchIdParams }, ({ params }) => {
  return new Response(null, { status: 308, headers: { location: reviewPath(encodeURIComponent(params.id)) } });
});
