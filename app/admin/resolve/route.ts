import { route } from "@/lib/http/route";
import { resolveFlag, resolveFlagBodySchema } from "@/lib/flags/resolve-flag";

/** Clears a flag with a reason: `{seq, message}`; 404 without such a flag, 409 when already resolved. */
export const POST = route({ auth: "flags:review", body: resolveFlagBodySchema }, async ({ body, principal }) => {
  return Response.json(await resolveFlag(body, principal!.name));
});
