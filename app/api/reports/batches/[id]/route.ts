import { route } from "@/lib/http/route";
import { batchIdParams } from "@/lib/flags/get-batch";
import { getSubjectBatchOrThrow } from "@/lib/reports/get-subject-batch";

/** A report batch: its act, status and subjects in review order, each with its decision and what the inbox shows of it. */
export const GET = route({ auth: "reports:review", params: batchIdParams }, async ({ params }) => {
  const batch = await getSubjectBatchOrThrow(params.id);
  const reviewed = batch.items.filter((item) => item.decision !== null).length;
  return Response.json({
    batch_id: batch.id,
    status: batch.status,
    act: batch.act,
    created_by: batch.createdBy,
    reviewed,
    total: batch.items.length,
    subjects: batch.items.map(({ uri, decision, decidedBy, subject }) => ({
      uri,
      decision,
      decided_by: decidedBy,
      subject: subject && { id: subject.id, subject: subject.ref, state: subject.state, reportCount: subject.reportCount, reporterCount: subject.reporterCount, reasonTypes: subject.reasonTypes, claimedBy: subject.claimedBy },
    })),
  });
});
