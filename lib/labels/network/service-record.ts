import { AppBskyLabelerService } from "@atproto/api";
import { listLabelDefinitions, readDeclaration } from "@/lib/labels/definitions/label-definitions";

export const SERVICE_COLLECTION = "app.bsky.labeler.service";
export const SERVICE_RKEY = "self";

export type ServiceRecord = AppBskyLabelerService.Record & { $type: typeof SERVICE_COLLECTION };

/**
 * app.bsky.labeler.service/self from the stored definitions and declaration. A null
 * list is left out (the app then allows everything); createdAt is kept from the
 * published record so that re-publishing an unchanged declaration changes nothing.
 */
export async function buildServiceRecord(publishedCreatedAt?: string): Promise<ServiceRecord> {
  const [definitions, declaration] = await Promise.all([listLabelDefinitions(), readDeclaration()]);
  return {
    $type: SERVICE_COLLECTION,
    policies: {
      labelValues: definitions.map((definition) => definition.identifier),
      labelValueDefinitions: definitions.map((definition) => ({ ...definition })),
    },
    ...(declaration.reasonTypes && { reasonTypes: declaration.reasonTypes }),
    ...(declaration.subjectTypes && { subjectTypes: declaration.subjectTypes }),
    ...(declaration.subjectCollections && { subjectCollections: declaration.subjectCollections }),
    createdAt: publishedCreatedAt ?? new Date().toISOString(),
  };
}

/** Problems of a record against the lexicon (empty = valid). */
export function serviceRecordProblems(record: unknown): string[] {
  const result = AppBskyLabelerService.validateRecord({ $type: SERVICE_COLLECTION, ...(record as object) });
  return result.success ? [] : [result.error.message];
}

/** A line diff of two records' JSON (keys sorted), "-" published, "+" new; empty when equal. */
export function diffRecords(published: unknown, next: unknown): string[] {
  const a = canonicalLines(published);
  const b = canonicalLines(next);
  if (a.join("\n") === b.join("\n")) return [];
  const inA = new Set(a);
  const inB = new Set(b);
  return [...a.filter((line) => !inB.has(line)).map((line) => `- ${line}`), ...b.filter((line) => !inA.has(line)).map((line) => `+ ${line}`)];
}

function canonicalLines(value: unknown): string[] {
  if (value === undefined || value === null) return [];
  return JSON.stringify(sortKeys(value), null, 2).split("\n").map((line) => line.trim().replace(/,$/, ""));
}

/** The value with every object's keys in order: one JSON text per meaning. */
export function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).sort(([a], [b]) => a.localeCompare(b)).map(([k, v]) => [k, sortKeys(v)]));
  }
  return value;
}
