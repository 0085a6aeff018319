import { sensitiveImagesJson } from "@/lib/flags/list-sensitive-images";
import { adminErrorResponse } from "@/lib/http/admin";

/**
 * plyr.fm's public list `{image_ids, urls}` for clients to blur. The dashboard page
 * is /flags/sensitive-images: a page and a route cannot share this path.
 */
export async function GET(request: Request): Promise<Response> {
  try {
    return Response.json(await sensitiveImagesJson());
  } catch (error) {
    return adminErrorResponse(error, request.headers.get("x-request-id") ?? undefined);
  }
}
