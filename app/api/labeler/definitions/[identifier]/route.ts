import { z } from "zod";
import { route } from "@/lib/http/route";
import { deleteLabelDefinition } from "@/lib/labels/definitions/label-definitions";

/** Removes a definition: the value can no longer be emitted (negations still can). */
export const DELETE = route(
  { auth: "labeler:manage", params: z.object({ identifier: z.string().min(1).max(128) }) },
  async ({ params, principal }) => {
    await deleteLabelDefinition(params.identifier, principal!.name);
    return new Response(null, { status: 204 });
  },
);
