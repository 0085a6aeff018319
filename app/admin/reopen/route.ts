import { route } from "@/lib/http/route";
import { reopenFlag, reopenFlagBodySchema } from "@/lib/flags/reopen-flag";

/** Puts a resolved flag back in force (the negation negated), audited with actor and reason; 409 when it is not resolved. */
export const POST = route({ auth: "flags:review", body: reopenFlagBodySchema }, async ({ body, principal }) => {
  return Response.json(await reopenFlag(body, principal!.name));
});
