import { route } from "@/lib/http/route";
import { declarationSchema } from "@/lib/labels/definitions/label-definition-schema";
import { readDeclaration, saveDeclaration } from "@/lib/labels/definitions/label-definitions";

export const GET = route({ auth: "labeler:manage" }, async () => Response.json(await readDeclaration()));

/** reasonTypes, subjectTypes, subjectCollections: null leaves the field out (all), [] declares none. */
export const PUT = route({ auth: "labeler:manage", body: declarationSchema }, async ({ body, principal }) => {
  return Response.json(await saveDeclaration(body, principal!.name));
});
