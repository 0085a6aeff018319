import { route } from "@/lib/http/route";
import { sensitiveImagesJson } from "@/lib/flags/list-sensitive-images";

/**
 * plyr.fm's public list `{image_ids, urls}` for clients to blur. The dashboard page
 * is /flags/sensitive-images: a page and a route cannot share this path.
 */
export const GET = route({ auth: "public" }, async () => Response.json(await sensitiveImagesJson()));
