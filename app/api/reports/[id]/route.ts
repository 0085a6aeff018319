import { z } from "zod";
import { route } from "@/lib/http/route";
import { readOwnReport } from "@/lib/reports/report-status";

const params = z.object({ id: z.coerce.number({ error: "must be a report id" }).int("must be a report id").positive("must be a report id") });

/** A reporter's own report with its status (its subject's state: open, escalated, resolved, dismissed). */
export const GET = route({ auth: "reports:file", params }, async ({ params, principal }) => Response.json(await readOwnReport(params.id, `token:${principal!.name}`)));
