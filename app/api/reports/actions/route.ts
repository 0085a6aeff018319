import { assertCan } from "@/lib/auth/permissions";
import { route } from "@/lib/http/route";
import { actOnSubjects, subjectActionBodySchema } from "@/lib/reports/act-on-subjects";

/**
 * Inbox actions on one or several subjects: `{ids, action, note?, takeOver?}` with
 * action dismiss|escalate|resolve|reopen|comment|claim|release, label (`val`, `neg`),
 * reject_event|ban_author (through the relay queue) or undo (`of`: one of those two).
 */
export const POST = route({ auth: "reports:review", body: subjectActionBodySchema }, async ({ body, principal }) => {
  const relayAction = body.action === "undo" ? body.of : body.action;
  if (relayAction === "reject_event") assertCan(principal!, "relay:decide");
  if (relayAction === "ban_author") assertCan(principal!, "relay:trust");
  return Response.json(await actOnSubjects(body, principal!.name));
});
