import { route } from "@/lib/http/route";
import { labelDefinitionSchema } from "@/lib/labels/definitions/label-definition-schema";
import { listLabelDefinitions, saveLabelDefinition } from "@/lib/labels/definitions/label-definitions";

export const GET = route({ auth: "labeler:manage" }, async () => Response.json({ definitions: await listLabelDefinitions() }));

/** Creates or replaces the definition with this identifier (audited). */
export const POST = route({ auth: "labeler:manage", body: labelDefinitionSchema }, async ({ body, principal }) => {
  return Response.json({ definition: await saveLabelDefinition(body, principal!.name) });
});
