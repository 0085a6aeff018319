import { adminRoute } from "@/lib/http/admin-route";
import { readJsonBody } from "@/lib/http/body";
import { removeSensitiveImage, removeSensitiveImageBodySchema } from "@/lib/flags/remove-sensitive-image";

/** `{removed, message}`; also served at /internal/sensitive-images/remove. */
export const POST = adminRoute("flags:review", async ({ request, principal }) => {
  return Response.json(await removeSensitiveImage(await readJsonBody(request, removeSensitiveImageBodySchema), principal.name));
});
