import { db } from "@/lib/db";

/** Every sensitive image, newest first (a short list: images people flagged by hand). */
export function listSensitiveImages() {
  return db().sensitiveImage.findMany({ orderBy: { id: "desc" } });
}

/** plyr.fm's public `GET /sensitive-images`: `{image_ids, urls}`, for clients to check both. */
export async function sensitiveImagesJson(): Promise<{ image_ids: string[]; urls: string[] }> {
  const images = await db().sensitiveImage.findMany({ orderBy: { id: "asc" }, select: { imageId: true, url: true } });
  return {
    image_ids: images.flatMap((image) => (image.imageId ? [image.imageId] : [])),
    urls: images.flatMap((image) => (image.url ? [image.url] : [])),
  };
}
