import { z } from "zod";
import { atprotoSubjectSchema, serviceSubjectSchema } from "./subject";

const graphemes = new Intl.Segmenter(undefined, { granularity: "grapheme" });
const countGraphemes = (text: string): number => [...graphemes.segment(text)].length;

/** The lexicon's bounds on `reason`: 2,000 graphemes and 20,000 bytes. */
const reasonText = z
  .string()
  .refine((text) => Buffer.byteLength(text, "utf8") <= 20_000, "must be at most 20000 bytes")
  .refine((text) => countGraphemes(text) <= 2000, "must be at most 2000 graphemes");

const reasonType = z.string().min(1, "is required").max(256, "must be at most 256 characters");

/** com.atproto.moderation.createReport#input. */
export const createReportBodySchema = z.object({
  reasonType,
  reason: reasonText.optional(),
  subject: atprotoSubjectSchema,
  modTool: z.object({ name: z.string().max(256), meta: z.record(z.string(), z.unknown()).optional() }).optional(),
});

/** POST /api/reports: the same, with Nostr subjects too. */
export const serviceReportBodySchema = z.object({
  reasonType,
  reason: reasonText.nullish(),
  subject: serviceSubjectSchema,
});
