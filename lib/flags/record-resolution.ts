import type { Prisma } from "@/lib/db/generated/client";

/** `notes` is one note for every subject, or one per subject in the order of `uris`. */
export type Resolution = { reason: string; notes: string | null | (string | null)[]; actor: string; at: Date };

/**
 * Keeps why, by whom and when flags were cleared with their context (plyr.fm's
 * `store_resolution`), in one statement whatever the number of subjects.
 */
export async function recordResolution(tx: Prisma.TransactionClient, uris: string[], resolution: Resolution): Promise<void> {
  if (uris.length === 0) return;
  const { reason, actor, at } = resolution;
  const notes = Array.isArray(resolution.notes) ? resolution.notes : uris.map(() => resolution.notes as string | null);
  await tx.$executeRaw`
    INSERT INTO subject_contexts (uri, resolution_reason, resolution_notes, resolved_by, resolved_at, updated_at)
    SELECT t.uri, ${reason}, t.notes, ${actor}, ${at}, ${at} FROM unnest(${uris}::text[], ${notes}::text[]) AS t(uri, notes)
    ON CONFLICT (uri) DO UPDATE SET
      resolution_reason = excluded.resolution_reason, resolution_notes = excluded.resolution_notes,
      resolved_by = excluded.resolved_by, resolved_at = excluded.resolved_at, updated_at = excluded.updated_at`;
}
