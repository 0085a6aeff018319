import { route } from "@/lib/http/route";
import { actOnSubjects, subjectActionBodySchema } from "@/lib/reports/act-on-subjects";

/** Inbox actions on one or several subjects: `{ids, action: dismiss|escalate|resolve|reopen|comment|label, note?, val?, neg?}`. */
export const POST = route({ auth: "reports:review", body: subjectActionBodySchema }, async ({ body, principal }) =>
  Response.json(await actOnSubjects(body, principal!.name)),
);
