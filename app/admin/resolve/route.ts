import { adminRoute } from "@/lib/http/admin-route";
import { readJsonBody } from "@/lib/http/body";
import { resolveFlag, resolveFlagBodySchema } from "@/lib/flags/resolve-flag";

/** Clears a flag with a reason: `{seq, message}`; 404 without such a flag, 409 when already resolved. */
export const POST = adminRoute("flags:review", async ({ request, principal }) => {
  return Response.json(await resolveFlag(await readJsonBody(request, resolveFlagBodySchema), principal.name));
});
