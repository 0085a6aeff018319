import { z } from "zod";

/** What the queue shows of a stored event; anything malformed shows as empty, never throws. */
export type EventPreview = { content: string; tags: string[][] };

const storedEventSchema = z.object({
  content: z.string().catch(""),
  tags: z.array(z.array(z.string())).catch([]),
});

export function eventPreview(event: unknown): EventPreview {
  const parsed = storedEventSchema.safeParse(event);
  return parsed.success ? parsed.data : { content: "", tags: [] };
}

const kindNames: Record<number, string> = {
  0: "profile metadata",
  1: "short note",
  3: "follow list",
  4: "encrypted DM",
  5: "deletion",
  6: "repost",
  7: "reaction",
  16: "generic repost",
  1063: "file metadata",
  1111: "comment",
  9735: "zap receipt",
  10002: "relay list",
  30023: "long-form article",
};

/** "kind 1 · short note", or "kind 4242" when the kind has no common name. */
export function describeKind(kind: number): string {
  const name = kindNames[kind];
  return name ? `kind ${kind} · ${name}` : `kind ${kind}`;
}
