import { adminRoute } from "@/lib/http/admin-route";
import { readJsonBody } from "@/lib/http/body";
import { storeContext, storeContextBodySchema } from "@/lib/flags/store-context";

/** Stores a subject's scanner context (backfill) without emitting a label: `{message}`. */
export const POST = adminRoute("flags:review", async ({ request, principal }) => {
  return Response.json(await storeContext(await readJsonBody(request, storeContextBodySchema), principal.name));
});
