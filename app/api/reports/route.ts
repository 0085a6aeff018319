import { route } from "@/lib/http/route";
import { fileReport } from "@/lib/reports/file-report";
import { listSubjects, listSubjectsQuerySchema } from "@/lib/reports/list-subjects";
import { serviceReportBodySchema } from "@/lib/reports/schemas";

/** The inbox: report subjects in a state, `?state=open&sort=recent&limit=50&cursor=…`. */
export const GET = route({ auth: "reports:read", query: listSubjectsQuerySchema }, async ({ query }) => Response.json(await listSubjects(query)));

/** A report from a service (a `reporter` token), answered as createReport answers. */
export const POST = route({ auth: "reports:file", body: serviceReportBodySchema }, async ({ body, principal }) => {
  const report = await fileReport({ source: "service", reporter: `token:${principal!.name}`, reasonType: body.reasonType, reason: body.reason ?? null, subject: body.subject });
  return Response.json(report);
});
