import { z } from "zod";
import { db } from "@/lib/db";

/** What a copyright scanner knew when it flagged a subject (plyr.fm's `context`). */
const matchSchema = z.object({
  title: z.string().max(1000),
  artist: z.string().max(1000),
  score: z.number().finite().min(0),
});

export const subjectContextSchema = z.object({
  // plyr.fm sends an integer; other scanners may use string ids.
  track_id: z.union([z.number().int(), z.string().max(200)]).nullish(),
  track_title: z.string().max(1000).nullish(),
  artist_handle: z.string().max(300).nullish(),
  artist_did: z.string().max(300).nullish(),
  highest_score: z.number().finite().min(0).nullish(),
  matches: z.array(matchSchema).max(100).nullish(),
});

export type SubjectContextInput = z.infer<typeof subjectContextSchema>;

/** Scanners report 0-100 or 0-1; store 0-1 (as plyr.fm does). */
const normaliseScore = (score: number) => (score > 1 ? score / 100 : score);

/**
 * Stores a subject's context, keyed by URI. Fields the caller leaves out keep their
 * stored value, so a later emission without context (a negation) erases nothing.
 */
export async function upsertSubjectContext(uri: string, context: SubjectContextInput): Promise<void> {
  const fields = {
    trackId: context.track_id == null ? undefined : String(context.track_id),
    trackTitle: context.track_title ?? undefined,
    artistHandle: context.artist_handle ?? undefined,
    artistDid: context.artist_did ?? undefined,
    highestScore: context.highest_score == null ? undefined : normaliseScore(context.highest_score),
    matches: context.matches?.map((match) => ({ ...match, score: normaliseScore(match.score) })),
  };
  await db().subjectContext.upsert({ where: { uri }, create: { uri, ...fields }, update: fields });
}
