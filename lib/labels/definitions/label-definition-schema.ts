import { isValidLanguage, isValidNsid } from "@atproto/syntax";
import { z } from "zod";
import { blurOptions, defaultSettings, severities, subjectTypeOptions } from "./label-definition-options";

export { blurOptions, defaultSettings, severities, subjectTypeOptions };

/**
 * Values every Bluesky client knows without a definition (the label spec's global
 * values, and @atproto/api's LABELS): a labeler may emit them undeclared.
 */
export const GLOBAL_LABEL_VALUES: ReadonlySet<string> = new Set([
  "!hide",
  "!warn",
  "!no-unauthenticated",
  "porn",
  "sexual",
  "nudity",
  "graphic-media",
  "gore",
]);


/** com.atproto.label.defs#labelValueDefinition: identifier ≤ 100 (the lexicon's limit, below a label val's 128 bytes). */
export const MAX_IDENTIFIER_LENGTH = 100;

const graphemes = new Intl.Segmenter("en", { granularity: "grapheme" });
const graphemeCount = (text: string) => [...graphemes.segment(text)].length;

const localeSchema = z.object({
  lang: z.string().refine(isValidLanguage, "must be a language code such as en or pt-BR"),
  name: z
    .string()
    .trim()
    .min(1, "must not be empty")
    .refine((name) => graphemeCount(name) <= 64, "must be at most 64 characters"),
  description: z
    .string()
    .trim()
    .min(1, "must not be empty")
    .refine((text) => graphemeCount(text) <= 10_000 && text.length <= 100_000, "must be at most 10,000 characters"),
});

export const labelDefinitionSchema = z.object({
  identifier: z
    .string()
    .min(1, "must not be empty")
    .max(MAX_IDENTIFIER_LENGTH, `must be at most ${MAX_IDENTIFIER_LENGTH} characters`)
    .refine((id) => !id.startsWith("!"), "must not start with ! (reserved for global values)")
    .regex(/^[a-z-]+$/, "must be lowercase letters and - only (e.g. copyright-violation)")
    .refine((id) => !GLOBAL_LABEL_VALUES.has(id), "is a global value: clients know it without a definition"),
  severity: z.enum(severities, { error: `must be one of ${severities.join(", ")}` }),
  blurs: z.enum(blurOptions, { error: `must be one of ${blurOptions.join(", ")}` }),
  defaultSetting: z.enum(defaultSettings, { error: `must be one of ${defaultSettings.join(", ")}` }).default("warn"),
  adultOnly: z.boolean().default(false),
  locales: z
    .array(localeSchema)
    .min(1, "must have at least one locale")
    .max(50, "must have at most 50 locales")
    .refine((locales) => new Set(locales.map((l) => l.lang)).size === locales.length, "must not repeat a language"),
});

export type LabelDefinition = z.infer<typeof labelDefinitionSchema>;
export type LabelDefinitionInput = z.input<typeof labelDefinitionSchema>;

/** A declaration list: null = the field is left out (everything allowed), [] = nothing. */
const optionalList = <T extends z.ZodType<string>>(item: T) =>
  z.array(item).max(200, "must have at most 200 entries").nullable();

export const declarationSchema = z.object({
  reasonTypes: optionalList(
    z.string().regex(/^(com\.atproto\.moderation\.defs|tools\.ozone\.report\.defs)#reason[A-Za-z]+$/, "must be a reason such as com.atproto.moderation.defs#reasonSpam"),
  ),
  subjectTypes: optionalList(z.enum(subjectTypeOptions, { error: `must be one of ${subjectTypeOptions.join(", ")}` })),
  subjectCollections: optionalList(z.string().refine((nsid): boolean => isValidNsid(nsid), "must be a collection NSID such as app.bsky.feed.post")),
});

export type LabelerDeclaration = z.infer<typeof declarationSchema>;
