import { route } from "@/lib/http/route";
import { addSensitiveImage, addSensitiveImageBodySchema } from "@/lib/flags/add-sensitive-image";

/** `{id, message}`; also served at /internal/sensitive-images. */
export const POST = route({ auth: "flags:review", body: addSensitiveImageBodySchema }, async ({ body, principal }) => {
  return Response.json(await addSensitiveImage(body, principal!.name));
});
