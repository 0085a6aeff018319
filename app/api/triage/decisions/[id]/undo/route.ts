import { z } from "zod";
import { assertCan } from "@/lib/auth/permissions";
import { route } from "@/lib/http/route";
import { decisionIdParam, undoDecision, undoPermission } from "@/lib/triage/undo-decision";

/**
 * Undoes an automatic triage action: a resolved flag is flagged again, an
 * auto-approved event returns to pending, a dismissed report subject reopens.
 * Signed in is enough to reach the decision; undoing it needs the permission to
 * make that decision by hand.
 */
export const POST = route({ auth: "dashboard:view", params: z.object({ id: decisionIdParam }) }, async ({ principal, params }) => {
  const result = await undoDecision(params.id, principal!.name, {
    authorize: (pipeline) => assertCan(principal!, undoPermission[pipeline]),
  });
  return Response.json(result);
});
