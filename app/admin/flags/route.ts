import { route } from "@/lib/http/route";
import { streamJsonArray } from "@/lib/http/stream-json";
import { toFlaggedTrack } from "@/lib/flags/flag-json";
import { allFlags, listFlags, listFlagsQuerySchema, MAX_FLAG_PAGE } from "@/lib/flags/list-flags";

/**
 * plyr.fm's flag list `{tracks}`, newest first. Without `limit` or `cursor` it is every
 * match, as plyr.fm answers (its moderation loop reads no cursor), streamed page by
 * page; with either, one page whose `cursor` (when not null) fetches the next.
 */
export const GET = route({ auth: "flags:review", query: listFlagsQuerySchema }, async ({ query }) => {
  if (query.limit === undefined && query.cursor === undefined) {
    return streamJsonArray("tracks", mapPages(allFlags(query), toFlaggedTrack), { cursor: null });
  }
  const page = await listFlags(query, MAX_FLAG_PAGE);
  return Response.json({ tracks: page.flags.map(toFlaggedTrack), cursor: page.nextCursor });
});

async function* mapPages<T, U>(pages: AsyncIterable<T[]>, map: (item: T) => U): AsyncGenerator<U[]> {
  for await (const page of pages) yield page.map(map);
}
