import { route } from "@/lib/http/route";
import { removeSensitiveImage, removeSensitiveImageBodySchema } from "@/lib/flags/remove-sensitive-image";

/** `{removed, message}`; also served at /internal/sensitive-images/remove. */
export const POST = route({ auth: "flags:review", body: removeSensitiveImageBodySchema }, async ({ body, principal }) => {
  return Response.json(await removeSensitiveImage(body, principal!.name));
});
