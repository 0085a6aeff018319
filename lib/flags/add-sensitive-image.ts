import { z } from "zod";
import { db } from "@/lib/db";
import { recordAudit } from "@/lib/audit/record-audit";

const blank = (value: unknown) => (value === null || (typeof value === "string" && value.trim() === "") ? undefined : value);
const text = (max: number) => z.preprocess(blank, z.string().trim().max(max, `must be at most ${max} characters`).optional());

/** plyr.fm's `POST /admin/sensitive-images`: an R2 image id, a full URL, or both. */
export const addSensitiveImageBodySchema = z
  .object({
    image_id: text(500),
    url: z.preprocess(blank, z.url({ protocol: /^https?$/, error: "must be an http(s) URL" }).max(2000).optional()),
    reason: text(2000),
    flagged_by: text(200),
  })
  .refine((body) => body.image_id || body.url, { message: "at least one of image_id or url must be provided" });
export type AddSensitiveImageBody = z.infer<typeof addSensitiveImageBodySchema>;

/** Adds an image that clients should blur or hide; `flagged_by` defaults to the caller. */
export async function addSensitiveImage(body: AddSensitiveImageBody, actor: string): Promise<{ id: number; message: string }> {
  const image = await db().$transaction(async (tx) => {
    const created = await tx.sensitiveImage.create({
      data: { imageId: body.image_id ?? null, url: body.url ?? null, reason: body.reason ?? null, flaggedBy: body.flagged_by ?? actor },
    });
    const detail = { image_id: body.image_id, url: body.url, reason: body.reason };
    await recordAudit({ actor, action: "sensitive_image.add", subject: `sensitive_image:${created.id}`, detail }, tx);
    return created;
  });
  return { id: image.id, message: "sensitive image added" };
}
