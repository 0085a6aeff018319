import { z } from "zod";
import { db } from "@/lib/db";
import { recordAudit } from "@/lib/audit/record-audit";

/** plyr.fm's `POST /admin/sensitive-images/remove`. */
export const removeSensitiveImageBodySchema = z.object({
  id: z.number({ error: "must be a sensitive image id" }).int().positive().max(2_147_483_647),
});
export type RemoveSensitiveImageBody = z.infer<typeof removeSensitiveImageBodySchema>;

/** Removes an entry; like plyr.fm, an unknown id is `removed: false`, not an error. */
export async function removeSensitiveImage({ id }: RemoveSensitiveImageBody, actor: string) {
  const removed = await db().$transaction(async (tx) => {
    const { count } = await tx.sensitiveImage.deleteMany({ where: { id } });
    if (count) await recordAudit({ actor, action: "sensitive_image.remove", subject: `sensitive_image:${id}` }, tx);
    return count > 0;
  });
  return { removed, message: removed ? `sensitive image ${id} removed` : `sensitive image ${id} not found` };
}
