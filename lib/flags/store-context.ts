import { z } from "zod";
import { recordAudit } from "@/lib/audit/record-audit";
import { labelInputSchema } from "@/lib/labels/label-input";
import { subjectContextSchema, upsertSubjectContext } from "@/lib/labels/subject-context";

/** plyr.fm's `POST /admin/context`: display context for a subject, without emitting a label. */
export const storeContextBodySchema = z.object({
  uri: labelInputSchema.shape.uri,
  context: subjectContextSchema,
});
export type StoreContextBody = z.infer<typeof storeContextBodySchema>;

/** Stores (merges) a subject's context; fields left out keep their value. */
export async function storeContext({ uri, context }: StoreContextBody, actor: string): Promise<{ message: string }> {
  await upsertSubjectContext(uri, context);
  // upsertSubjectContext takes no transaction: the entry follows the write it records.
  await recordAudit({ actor, action: "flag.context", subject: uri, detail: { fields: Object.keys(context) } });
  return { message: `context stored for ${uri}` };
}
