import { assertCan } from "@/lib/auth/permissions";
import { AppError } from "@/lib/errors";
import { adminRoute } from "@/lib/http/admin-route";
import { decisionIdParam, undoDecision, undoPermission } from "@/lib/triage/undo-decision";

/**
 * Undoes an automatic triage action: a resolved flag is flagged again, an
 * auto-approved event returns to pending. Signed in is enough to reach the
 * decision; undoing it needs the permission to make that decision by hand.
 */
export const POST = adminRoute<{ id: string }>("dashboard:view", async ({ principal, params }) => {
  const id = decisionIdParam.safeParse(params.id);
  if (!id.success) throw new AppError("invalid_request", id.error.issues[0]?.message ?? "invalid decision id");
  const result = await undoDecision(id.data, principal.name, {
    authorize: (pipeline) => assertCan(principal, undoPermission[pipeline]),
  });
  return Response.json(result);
});
