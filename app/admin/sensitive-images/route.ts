import { adminRoute } from "@/lib/http/admin-route";
import { readJsonBody } from "@/lib/http/body";
import { addSensitiveImage, addSensitiveImageBodySchema } from "@/lib/flags/add-sensitive-image";

/** `{id, message}`; also served at /internal/sensitive-images. */
export const POST = adminRoute("flags:review", async ({ request, principal }) => {
  return Response.json(await addSensitiveImage(await readJsonBody(request, addSensitiveImageBodySchema), principal.name));
});
