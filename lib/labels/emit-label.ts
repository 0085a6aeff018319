import { z } from "zod";
import { createLabels } from "./create-labels";
import type { StoredLabel } from "./label-codec";
import { labelInputSchema } from "./label-input";
import { subjectContextSchema, upsertSubjectContext } from "./subject-context";

/** Absent, null and "" (what a shell script sends for an unset variable) all mean "not given". */
const blankToUndefined = (value: unknown) => (value === null || value === "" ? undefined : value);

/** plyr.fm's `POST /emit-label` body, so its scanner can point at Warden unchanged. */
export const emitLabelBodySchema = z.object({
  uri: labelInputSchema.shape.uri,
  val: z.preprocess(blankToUndefined, labelInputSchema.shape.val.default("copyright-violation")),
  cid: z.preprocess(blankToUndefined, labelInputSchema.shape.cid),
  neg: z.preprocess(blankToUndefined, z.boolean().default(false)),
  exp: z.preprocess(blankToUndefined, labelInputSchema.shape.exp),
  context: z.preprocess(blankToUndefined, subjectContextSchema.optional()),
});

export type EmitLabelBody = z.infer<typeof emitLabelBodySchema>;

/**
 * Emits one label and keeps the scanner's context for reviewers. The context is
 * stored first: if the label then fails, the scanner retries and the context is
 * simply written again, whereas the other order could leave a label the retry
 * would duplicate.
 */
export async function emitLabel({ context, ...input }: EmitLabelBody, actor: string): Promise<StoredLabel> {
  if (context) await upsertSubjectContext(input.uri, context);
  const [label] = await createLabels([input], actor);
  return label!;
}
