import { AppError } from "@/lib/errors";
import { route } from "@/lib/http/route";
import { fileReport } from "@/lib/reports/file-report";
import { createReportBodySchema } from "@/lib/reports/schemas";
import { verifyReportAuth } from "@/lib/reports/service-auth";

/** A report from a Bluesky user, proxied by their PDS with a service-auth JWT (lib/reports/service-auth.ts). */
export const POST = route({ auth: "service-jwt", errors: "xrpc", body: createReportBodySchema, bodyLimit: 100 * 1024 }, async ({ request, body }) => {
  const reporter = await verifyReportAuth(request.headers.get("authorization"));
  const report = await fileReport({ source: "atproto", reporter, reasonType: body.reasonType, reason: body.reason ?? null, subject: body.subject });
  return Response.json(report);
});

export const GET = route({ auth: "public", errors: "xrpc" }, () => {
  throw new AppError("method_not_allowed", "createReport is a procedure: use POST");
});
