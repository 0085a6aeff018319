import { adminRoute } from "@/lib/http/admin-route";
import { readQuery } from "@/lib/http/body";
import { toFlaggedTrack } from "@/lib/flags/flag-json";
import { listFlags, listFlagsQuerySchema, MAX_FLAG_PAGE } from "@/lib/flags/list-flags";

/** plyr.fm's flag list `{tracks}`, newest first; `cursor` (when not null) fetches the next page. */
export const GET = adminRoute("flags:review", async ({ request }) => {
  const page = await listFlags(readQuery(request, listFlagsQuerySchema), MAX_FLAG_PAGE);
  return Response.json({ tracks: page.flags.map(toFlaggedTrack), cursor: page.nextCursor });
});
