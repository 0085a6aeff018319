import { route } from "@/lib/http/route";
import { storeContext, storeContextBodySchema } from "@/lib/flags/store-context";

/** Stores a subject's scanner context (backfill) without emitting a label: `{message}`. */
export const POST = route({ auth: "flags:review", body: storeContextBodySchema }, async ({ body, principal }) => {
  return Response.json(await storeContext(body, principal!.name));
});
