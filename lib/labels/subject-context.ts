import { z } from "zod";
import { db } from "@/lib/db";

/**
 * What a copyright scanner knew when it flagged a subject (plyr.fm's `context`).
 * A match may carry what plyr.fm's AuDD scan gives (album, isrc, timecode: where in
 * the matched recording; offset_ms: where in the upload) and AuDD's song_link. These
 * are checked for type and size only: a scanner's emission is fire-and-forget, so a
 * refused odd ISRC would lose the flag; the card links only well-formed ones.
 */
const matchSchema = z.object({
  title: z.string().max(1000),
  artist: z.string().max(1000),
  score: z.number().finite().min(0),
  album: z.string().max(1000).nullish(),
  isrc: z.string().max(100).nullish(),
  timecode: z.string().max(100).nullish(),
  offset_ms: z.number().int().min(0).nullish(),
  song_link: z.string().max(2000).nullish(),
});
type MatchInput = z.infer<typeof matchSchema>;

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

/** A match as stored (and answered on GET /admin/flags): the fields given, nulls left out. */
function storedMatch(match: MatchInput) {
  const optional = Object.entries(match).filter(([key, value]) => value != null && !["title", "artist", "score"].includes(key));
  return { title: match.title, artist: match.artist, score: normaliseScore(match.score), ...Object.fromEntries(optional) };
}

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
    matches: context.matches?.map(storedMatch),
  };
  await db().subjectContext.upsert({ where: { uri }, create: { uri, ...fields }, update: fields });
}
