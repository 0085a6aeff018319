import { route } from "@/lib/http/route";
import { toFlaggedTrack } from "@/lib/flags/flag-json";
import { listFlags, listFlagsQuerySchema, MAX_FLAG_PAGE } from "@/lib/flags/list-flags";

/** plyr.fm's flag list `{tracks}`, newest first; `cursor` (when not null) fetches the next page. */
export const GET = route({ auth: "flags:review", query: listFlagsQuerySchema }, async ({ query }) => {
  const page = await listFlags(query, MAX_FLAG_PAGE);
  return Response.json({ tracks: page.flags.map(toFlaggedTrack), cursor: page.nextCursor });
});
