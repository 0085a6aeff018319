import { z } from "zod";
import { db } from "@/lib/db";
import { Prisma } from "@/lib/db/generated/client";
import { FLAG_VAL } from "@/lib/flags/flag-definition";
import { labelerDid } from "./labeler-identity";

/**
 * plyr.fm's machine look-ups (`/internal/*`, aliased under `/admin/*`), answered from
 * the current state of each label (label_heads → labels), so a value negated and
 * later applied again counts as active, as in plyr.fm's event-sourced reading.
 */
export const MAX_LOOKUP_URIS = 10_000;
/** Room for MAX_LOOKUP_URIS URIs of ordinary length (at:// URIs run to ~100 bytes). */
export const LOOKUP_BODY_LIMIT = 2 * 1024 * 1024;

export const urisBodySchema = z.object({
  uris: z.array(z.string().max(8192)).max(MAX_LOOKUP_URIS, `must contain at most ${MAX_LOOKUP_URIS} URIs`),
});
export const valuesBodySchema = z.object({
  values: z.array(z.string().max(128)).max(100, "must contain at most 100 values"),
});

type Pair = { uri: string; val: string };

const inForce = () => Prisma.sql`NOT l.neg AND (l.exp IS NULL OR l.exp > ${new Date()})`;

/** `{uri, val}` of every label in force on these subjects. */
export async function activeLabelValues(uris: string[]): Promise<Pair[]> {
  if (uris.length === 0) return [];
  return db().$queryRaw<Pair[]>`
    SELECT DISTINCT h.uri, h.val FROM label_heads h JOIN labels l ON l.seq = h.seq
    WHERE h.src = ${labelerDid()} AND h.uri = ANY(${uris}::text[]) AND ${inForce()} ORDER BY h.uri, h.val`;
}

/** `{uri, val}` of every subject carrying a label of these values in force. */
export async function activeLabelsByValue(values: string[]): Promise<Pair[]> {
  if (values.length === 0) return [];
  return db().$queryRaw<Pair[]>`
    SELECT DISTINCT h.uri, h.val FROM label_heads h JOIN labels l ON l.seq = h.seq
    WHERE h.src = ${labelerDid()} AND h.val = ANY(${values}::text[]) AND ${inForce()} ORDER BY h.uri, h.val`;
}

/** Subjects among these whose copyright-violation flag is in force (`/active-labels`). */
export async function activeFlagUris(uris: string[]): Promise<string[]> {
  return (await activeLabelValues(uris)).filter((pair) => pair.val === FLAG_VAL).map((pair) => pair.uri);
}

/** Subjects among these whose copyright-violation flag a moderator negated (`/negated-labels`). */
export async function negatedFlagUris(uris: string[]): Promise<string[]> {
  if (uris.length === 0) return [];
  const rows = await db().$queryRaw<{ uri: string }[]>`
    SELECT DISTINCT h.uri FROM label_heads h JOIN labels l ON l.seq = h.seq
    WHERE h.src = ${labelerDid()} AND h.val = ${FLAG_VAL} AND h.uri = ANY(${uris}::text[]) AND l.neg
    ORDER BY h.uri`;
  return rows.map((row) => row.uri);
}

/** `{labels: {uri: [val, …]}}`, plyr.fm's `LabelValuesResponse`. */
export function groupByUri(pairs: Pair[]): { labels: Record<string, string[]> } {
  const labels = new Map<string, string[]>();
  for (const { uri, val } of pairs) {
    const values = labels.get(uri);
    if (values) values.push(val);
    else labels.set(uri, [val]);
  }
  return { labels: Object.fromEntries(labels) };
}
